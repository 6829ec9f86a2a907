import type { Actor } from '../modules/audit/audit.types.js';
import { hashImage } from '../modules/media/pdq/hash-image.js';
import { publicTakedownBody } from '../modules/takedowns/takedowns.schemas.js';
import type { Services } from '../server/services.js';
import { demoStaffActor } from './cases.js';
import { syntheticPhoto } from './synthetic-photo.js';

/**
 * Victim takedown requests for the demo, sent the way the public form sends them: hashes only
 * (here of synthetic pictures generated from a seed, never real media), a child, sexual content, a
 * police case number. One is left as intake leaves it (hidden at once, a top-priority case); a
 * senior moderator has confirmed the other, so its hashes are in the platform-confirmed bank.
 */

export interface DemoTakedownScenario {
  key: string;
  /** The platform's ids of the content; the first also names the case's subject (no uploader is known). */
  content: string[];
  /** Seeds of the synthetic pictures whose hashes the requester's browser computed. */
  pictures: number[];
  form: Record<string, unknown>;
  /** A senior moderator's decision after intake (none: the request waits for review). */
  confirmReason?: string;
}

export const demoTakedownScenarios: readonly DemoTakedownScenario[] = [
  {
    key: 'minor-police-open', content: ['img-demo-takedown-101', 'img-demo-takedown-102'], pictures: [101, 102],
    form: {
      relation: 'parent_or_guardian', under18: 'yes', sexual: true, policeCaseNumber: 'DEMO-5000-K104233-25', country: 'SE', language: 'sv',
      description: 'Två bilder på min dotter (15) sprids i ett album. Vi har gjort en polisanmälan.',
      contact: { name: 'Demo Förälder', email: 'takedown-parent@example.org' },
    },
  },
  {
    key: 'minor-self-confirmed', content: ['img-demo-takedown-201'], pictures: [201],
    form: {
      relation: 'self', under18: 'yes', sexual: true, policeCaseNumber: 'DEMO-NO-2025-118842', country: 'NO', language: 'nb',
      description: 'Et bilde av meg fra da jeg var 16 er lagt ut uten at jeg har sagt ja.',
    },
    confirmReason: 'The requester is shown as a minor and the content is sexual: removed, and its hashes banked.',
  },
];

/** Recorded once the demo takedowns are seeded: later runs find it and change nothing. */
export const TAKEDOWNS_SEEDED = 'demo.takedowns_seeded';

export interface DemoTakedownsReport {
  seeded: boolean;
  requests: { key: string; id: string; caseId: string | null; status: string }[];
}

const demoActor: Actor = { type: 'system', id: 'demo' };

/** What the requester's browser sends for a picture: its PDQ and quality, the file's MD5, its name. */
export async function browserHashes(seed: number, fileName: string): Promise<{ pdq: string; quality: number; md5: string; fileName: string }> {
  const { pdq, quality, md5 } = await hashImage(await syntheticPhoto(seed, 480, 360));
  return { pdq, quality, md5, fileName };
}

export async function seedDemoTakedowns(services: Services): Promise<DemoTakedownsReport> {
  const [earlier] = await services.audit.list({ type: TAKEDOWNS_SEEDED, limit: 1 });
  if (earlier) return { seeded: false, requests: (earlier.payload as { requests?: DemoTakedownsReport['requests'] } | null)?.requests ?? [] };
  const senior = await demoStaffActor(services, 'senior_moderator');
  const requests: DemoTakedownsReport['requests'] = [];
  for (const s of demoTakedownScenarios) {
    // After an interrupted run: a request naming this content was already received.
    let request = (await services.takedowns.list(undefined, 200, 0)).find((r) => r.content[0] === s.content[0]);
    if (!request) {
      const hashes = await Promise.all(s.pictures.map((seed, i) => browserHashes(seed, `bild-${i + 1}.jpg`)));
      await services.takedowns.submit(publicTakedownBody.parse({ ...s.form, content: s.content, hashes }));
      request = (await services.takedowns.list(undefined, 200, 0)).find((r) => r.content[0] === s.content[0])!;
    }
    if (s.confirmReason && request.status !== 'confirmed') {
      request = await services.takedowns.confirm({ id: senior.id, role: senior.role, twoFactor: true }, request.id, s.confirmReason);
    }
    requests.push({ key: s.key, id: request.id, caseId: request.caseId, status: request.status });
  }
  await services.audit.recordAlone({ actor: demoActor, type: TAKEDOWNS_SEEDED, payload: { requests } });
  return { seeded: true, requests };
}
