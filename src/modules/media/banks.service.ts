import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { TryggError, badRequest, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { categoryIds } from '../cases/categories.js';
import { lineParser, validHash, type BankFormat, type HashType } from './bank-formats.js';
import { parseBatch, type LineError } from './bank-batch.js';
import type { BankEntry, BankRow, BanksRepo } from './banks.repo.js';

export const bankKinds = ['clearinghouse_csam', 'victim_submitted', 'platform_confirmed', 'test'] as const;
export const bankActions = ['block_and_case', 'block', 'flag'] as const;
export type BankKind = (typeof bankKinds)[number];
export type BankAction = (typeof bankActions)[number];

/** What a bank of each kind does unless the admin says otherwise. */
const defaults: Record<BankKind, { action: BankAction; category: string }> = {
  clearinghouse_csam: { action: 'block_and_case', category: 'csam' },
  victim_submitted: { action: 'block_and_case', category: 'csam' },
  platform_confirmed: { action: 'block_and_case', category: 'csam' },
  test: { action: 'flag', category: 'other' },
};

/** The bank that moderators' confirmed removals feed (issue 5, point 6). */
export const CONFIRMED_BANK = 'platform-confirmed';

export interface NewBank {
  name: string;
  kind: BankKind;
  action?: BankAction;
  category?: string;
  pdqThreshold?: number;
  qualityFloor?: number;
  description?: string;
}

export interface BatchResult {
  added: number;
  withdrawn: number;
  unchanged: number;
  errors: LineError[];
}

/** Banks, their entries and look-ups. `changed` tells this node's index to follow at once. */
export class BanksService {
  constructor(
    private readonly database: Database,
    private readonly repo: BanksRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly changed: () => Promise<void>,
  ) {}

  async create(actor: Actor, input: NewBank): Promise<BankRow> {
    const kindDefaults = defaults[input.kind];
    const category = input.category ?? kindDefaults.category;
    if (!categoryIds.includes(category as never)) throw badRequest('body.category', `must be one of ${categoryIds.join(', ')}`);
    return this.database.db.transaction(async (tx) => {
      if (await this.repo.bankByName(tx, input.name)) throw new TryggError(409, 'bank-exists', `A bank named "${input.name}" exists`);
      const bank = await this.repo.insertBank(tx, {
        id: newId(), name: input.name, kind: input.kind, action: input.action ?? kindDefaults.action, category,
        pdqThreshold: input.pdqThreshold ?? 31, qualityFloor: input.qualityFloor ?? 50, description: input.description ?? null,
        createdAt: this.clock.now(),
      });
      await this.audit.record(tx, { actor, type: 'bank.created', subject: { type: 'bank', id: bank.id }, payload: { ...input, action: bank.action, category } });
      return bank;
    });
  }

  /** The confirmed bank, created on first use inside the caller's transaction. */
  confirmedBankIn(tx: Parameters<BanksRepo['add']>[0]): Promise<BankRow> {
    return this.repo.ensureBank(tx, {
      id: newId(), name: CONFIRMED_BANK, kind: 'platform_confirmed', ...defaults.platform_confirmed, pdqThreshold: 31, qualityFloor: 50,
      description: "Hashes of images this platform's moderators removed as CSAM or non-consensual intimate imagery", createdAt: this.clock.now(),
    });
  }

  /** The confirmed bank, created on first use. */
  async confirmedBank(): Promise<BankRow> {
    const existing = await this.repo.bankByName(this.database.db, CONFIRMED_BANK);
    if (existing) return existing;
    try {
      return await this.create({ type: 'system' }, {
        name: CONFIRMED_BANK, kind: 'platform_confirmed', description: "Hashes of images this platform's moderators removed as CSAM or non-consensual intimate imagery",
      });
    } catch (error) {
      const raced = await this.repo.bankByName(this.database.db, CONFIRMED_BANK);
      if (raced) return raced;
      throw error;
    }
  }

  list() {
    return this.repo.banks(this.database.db);
  }

  async get(id: string): Promise<BankRow> {
    const bank = await this.repo.bankById(this.database.db, id);
    if (!bank) throw notFound('Bank');
    return bank;
  }

  async byName(name: string): Promise<BankRow> {
    const bank = await this.repo.bankByName(this.database.db, name);
    if (!bank) throw notFound(`Bank "${name}"`);
    return bank;
  }

  /** A batch of lines from the console's chunked upload or the API: errors name their line numbers. */
  async applyLines(actor: Actor, bankId: string, input: { format: BankFormat; plainType?: 'pdq' | 'sha256'; lines: string[]; firstLine: number }): Promise<BatchResult> {
    const bank = await this.get(bankId);
    const batch = parseBatch(input.lines, lineParser(input.format, input.plainType), input.firstLine);
    const result = await this.database.db.transaction(async (tx) => {
      const at = this.clock.now();
      const added = await this.repo.add(tx, bank.id, batch.adds, 'api', at);
      const withdrawn = await this.repo.withdraw(tx, bank.id, batch.withdrawals, at);
      await this.audit.record(tx, {
        actor, type: 'bank.entries_changed', subject: { type: 'bank', id: bank.id },
        payload: { added, withdrawn, errors: batch.errors.length, firstLine: input.firstLine, lines: input.lines.length },
      });
      return { added, withdrawn, unchanged: batch.hashes - added - withdrawn, errors: batch.errors };
    });
    await this.changed();
    return result;
  }

  /** Adds hashes in the caller's transaction (the feedback loop); the caller commits, then calls `followed`. */
  addInTransaction(tx: Parameters<BanksRepo['add']>[0], bankId: string, entries: BankEntry[], source: string): Promise<number> {
    return this.repo.add(tx, bankId, entries, source, this.clock.now());
  }

  followed(): Promise<void> {
    return this.changed();
  }

  async withdraw(actor: Actor, bankId: string, type: HashType, hash: string, reason: string): Promise<{ withdrawn: boolean }> {
    const problem = validHash(type, hash);
    if (problem) throw badRequest('body.hash', problem);
    const bank = await this.get(bankId);
    const withdrawn = await this.database.db.transaction(async (tx) => {
      const n = await this.repo.withdraw(tx, bank.id, [{ type, hash: hash.toLowerCase() }], this.clock.now());
      if (n) await this.audit.record(tx, { actor, type: 'bank.entry_withdrawn', subject: { type: 'bank', id: bank.id }, payload: { type, hash, reason } });
      return n > 0;
    });
    await this.changed();
    return { withdrawn };
  }

  async lookup(hash: string) {
    const rows = await this.repo.lookup(this.database.db, hash);
    return rows.map((r) => ({
      bankId: r.bankId, bank: r.bankName, type: r.hashType, hash: r.hash, label: r.label, source: r.source,
      addedAt: r.addedAt.toISOString(), withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    }));
  }

  /** Active entries as `hash,type,label` lines, page by page (streams a bank of millions). */
  async *exportLines(bankId: string, pageSize = 10_000): AsyncGenerator<string> {
    const bank = await this.get(bankId);
    yield 'hash,type,label\n';
    let after = 0;
    for (;;) {
      const page = await this.repo.exportPage(this.database.db, bank.id, after, pageSize);
      if (!page.length) return;
      yield page.map((r) => `${r.hash},${r.hashType},${r.label === null ? '' : `"${r.label.replace(/"/g, '""')}"`}\n`).join('');
      after = page[page.length - 1]!.id;
    }
  }

  imports(bankId: string) {
    return this.repo.imports(this.database.db, bankId);
  }
}
