import { describe, expect, it } from 'vitest';
import { caseReferences } from './conversations.refs.js';

describe('which conversations a case references', () => {
  it('takes a reported message or conversation from the case subject', () => {
    expect(caseReferences({ subjectType: 'message', subjectId: 'm-1' }, [])).toEqual({ messageIds: ['m-1'], conversationIds: [] });
    expect(caseReferences({ subjectType: 'conversation', subjectId: 'c-1' }, [])).toEqual({ messageIds: [], conversationIds: ['c-1'] });
  });

  it('adds the messages and conversations a signal names in its evidence, once each, subject first', () => {
    const refs = caseReferences({ subjectType: 'message', subjectId: 'm-1' }, [
      { messageId: 'm-2', conversationId: 'c-1' }, { messageIds: ['m-1', 'm-3', 7] }, null, 'text', { conversationId: 'c-1' },
    ]);
    expect(refs).toEqual({ messageIds: ['m-1', 'm-2', 'm-3'], conversationIds: ['c-1'] });
  });

  it('finds nothing for an account case whose signals name no message', () => {
    expect(caseReferences({ subjectType: 'account', subjectId: 'a-1' }, [{ window: '24h', contacts: [{ to: 'kid' }] }]))
      .toEqual({ messageIds: [], conversationIds: [] });
  });
});
