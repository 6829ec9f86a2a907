import { newId } from '../../lib/ids.js';
import { badRequest, conflict, notFound } from '../../server/errors.js';
import type { Actor } from '../audit/audit.types.js';
import type { DecisionGround } from './actions.statement.js';
import type { ActionsDeps, RuleInput, RuleView } from './actions.types.js';
import { ruleView } from './actions.views.js';

/** The platform's community rules, which every decision cites. */
export class RulesService {
  constructor(private readonly deps: ActionsDeps) {}

  async listRules(includeRetired: boolean): Promise<RuleView[]> {
    return (await this.deps.repo.listRules(this.deps.database.db, includeRetired)).map(ruleView);
  }

  async getRule(id: string): Promise<RuleView> {
    const row = await this.deps.repo.rule(this.deps.database.db, id);
    if (!row) throw notFound('Rule');
    return ruleView(row);
  }

  async createRule(actor: Actor, input: RuleInput): Promise<RuleView> {
    const legalGround = checkGround(input.ground, input.legalGround);
    return this.deps.database.db.transaction(async (tx) => {
      const row = await this.deps.repo.insertRule(tx, {
        id: newId(), code: input.code, title: input.title, description: input.description, ground: input.ground, legalGround,
        createdAt: this.deps.clock.now(),
      });
      if (!row) throw conflict('rule-exists', `A rule with the code ${input.code} exists (retired rules keep their code)`);
      await this.deps.audit.record(tx, { actor, type: 'rule.created', subject: { type: 'rule', id: row.id }, payload: { code: row.code, ground: row.ground } });
      return ruleView(row);
    });
  }

  async updateRule(actor: Actor, id: string, patch: Partial<Omit<RuleInput, 'code'>>): Promise<RuleView> {
    return this.deps.database.db.transaction(async (tx) => {
      const current = await this.deps.repo.rule(tx, id);
      if (!current) throw notFound('Rule');
      if (current.retiredAt) throw conflict('rule-retired', 'A retired rule cannot change');
      const ground = patch.ground ?? (current.ground as DecisionGround);
      const legalGround = checkGround(ground, patch.legalGround === undefined ? (patch.ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT' ? null : current.legalGround) : patch.legalGround);
      const row = await this.deps.repo.updateRule(tx, id, {
        title: patch.title ?? current.title, description: patch.description ?? current.description, ground, legalGround,
      });
      const changed = (['title', 'description', 'ground', 'legalGround'] as const).filter((k) => row[k] !== current[k]);
      await this.deps.audit.record(tx, { actor, type: 'rule.updated', subject: { type: 'rule', id }, payload: { code: row.code, changed } });
      return ruleView(row);
    });
  }

  /** Rules are never deleted: past statements cite them. A retired rule cannot be cited again. */
  async retireRule(actor: Actor, id: string): Promise<RuleView> {
    return this.deps.database.db.transaction(async (tx) => {
      const current = await this.deps.repo.rule(tx, id);
      if (!current) throw notFound('Rule');
      if (current.retiredAt) throw conflict('rule-retired', 'The rule is already retired');
      const row = await this.deps.repo.updateRule(tx, id, { retiredAt: this.deps.clock.now() });
      await this.deps.audit.record(tx, { actor, type: 'rule.retired', subject: { type: 'rule', id }, payload: { code: row.code } });
      return ruleView(row);
    });
  }
}

function checkGround(ground: DecisionGround, legalGround: string | null | undefined): string | null {
  if (ground === 'DECISION_GROUND_ILLEGAL_CONTENT') {
    if (!legalGround?.trim()) throw badRequest('legalGround', 'required when the ground is DECISION_GROUND_ILLEGAL_CONTENT (the law relied on)');
    return legalGround.trim();
  }
  if (legalGround) throw badRequest('legalGround', 'only a rule on illegal content has a legal ground');
  return null;
}
