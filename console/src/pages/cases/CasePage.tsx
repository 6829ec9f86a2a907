import { useCallback, useEffect, useRef, useState } from 'react';
import { api, asProblem, type Problem } from '../../api/client';
import type { CaseDetail, ModerationAction } from '../../api/moderation';
import { referrers } from '../../api/referrals';
import { Link, usePath } from '../../app/router';
import { useConsole } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TwoFactorNeeded } from '../../components/TwoFactorNeeded';
import { useI18n, usePageTitle } from '../../i18n';
import { PreservedEvidence } from '../media/PreservedEvidence';
import { ActionList } from './actions/ActionList';
import { ActionPanel } from './actions/ActionPanel';
import { CaseControls } from './CaseControls';
import { CaseHeader } from './CaseHeader';
import { CaseReferrals } from './CaseReferrals';
import { ConversationPanel } from './ConversationPanel';
import { uniqueRefs } from './evidenceRefs';
import { EvidenceRefs } from './EvidenceRefs';
import { caseWorkers } from './labels';
import { Timeline } from './Timeline';

const BASE = '/console/cases/';

export interface Decisions {
  items: ModerationAction[];
  suspensionSuggested: boolean;
}

/**
 * One case at /console/cases/<id>: header and subject, claim/release/escalate/notes, the evidence
 * (images blurred until revealed), the timeline, the decisions with their statements of reasons,
 * and the action panel for the roles that decide.
 */
export function CasePage() {
  const { t } = useI18n();
  usePageTitle('case.title');
  const { session } = useConsole();
  const path = usePath();
  const id = path.startsWith(BASE) ? decodeURIComponent(path.slice(BASE.length)) : '';
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [decisions, setDecisions] = useState<Decisions | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const latest = useRef(0);
  const canWork = (caseWorkers as readonly string[]).includes(session.staff.role);
  const canRefer = (referrers as readonly string[]).includes(session.staff.role);

  const load = useCallback(async () => {
    const request = ++latest.current;
    if (!/^[0-9a-f-]{36}$/i.test(id)) return setProblem({ status: 404, code: 'not-found', detail: '' });
    try {
      const [found, acted] = await Promise.all([
        api<CaseDetail>('GET', `/cases/${id}`),
        // The decisions with their statements; the case view alone lists them without.
        api<Decisions>('GET', `/cases/${id}/actions`).catch(() => null),
      ]);
      if (request !== latest.current) return;
      setDetail(found);
      setDecisions(acted);
      setProblem(null);
    } catch (error) {
      if (request === latest.current) setProblem(asProblem(error));
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    setDecisions(null);
    void load();
  }, [load]);

  const back = <p><Link href="/console/queue">{t('case.backToQueue')}</Link></p>;
  if (problem?.code === 'two-factor-required') {
    return <>{back}<h1>{t('case.title')}</h1><TwoFactorNeeded /></>;
  }
  if (problem?.status === 404) {
    return <>{back}<h1>{t('case.title')}</h1><p className="alert" role="status">{t('case.notFound')}</p></>;
  }
  if (!detail) {
    return <>{back}<ProblemAlert problem={problem} />{!problem && <p role="status">{t('common.loading')}</p>}</>;
  }
  const pending = decisions?.items.some((a) => a.status === 'pending_second_review') ?? false;
  // Which decisions were appealed (the case's history records each appeal), for a link to the Appeals page.
  const appeals = new Map<string, string>();
  for (const h of detail.history) {
    const p = h.payload as { appealId?: unknown; actionId?: unknown } | null;
    if (h.type === 'appeal.received' && typeof p?.appealId === 'string' && typeof p.actionId === 'string') appeals.set(p.actionId, p.appealId);
  }
  return (
    <>
      {back}
      <CaseHeader detail={detail} />
      <ProblemAlert problem={problem} />
      {canWork && <CaseControls kase={detail.case} onChanged={load} />}
      <EvidenceRefs caseId={detail.case.id} refs={uniqueRefs(detail.reports.map((r) => r.evidence))} />
      <PreservedEvidence caseId={detail.case.id} />
      {canRefer && <CaseReferrals kase={detail.case} />}
      <ConversationPanel detail={detail} />
      <Timeline detail={detail} />
      {decisions && <ActionList actions={decisions.items} suspensionSuggested={decisions.suspensionSuggested} onChanged={load} appeals={canWork ? appeals : undefined} />}
      {canWork && decisions && !pending && <ActionPanel kase={detail.case} onDone={load} />}
    </>
  );
}
