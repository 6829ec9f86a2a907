import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readEnv } from '../config/env.js';
import { verifyPackage } from '../modules/evidence/package.js';
import { parsePublicKey } from '../modules/evidence/signing.js';
import { TryggError } from '../server/errors.js';
import { openRuntime } from '../server/runtime.js';

/** A key given on the command line: a PEM or base64 file, or the base64 itself. */
function trustedKey(given: string) {
  const text = existsSync(given) ? readFileSync(given, 'utf8') : given;
  try {
    return parsePublicKey(text);
  } catch (error) {
    throw new TryggError(400, 'invalid-input', `--public-key: ${(error as Error).message}`);
  }
}

export function registerEvidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('The evidence store: export packages, retention');

  evidence
    .command('verify')
    .description("Check an export package: every file's SHA-256 against manifest.json and the Ed25519 signature over it")
    .argument('<package>', 'the .zip file')
    .option('--public-key <key>', "the installation's public key (PEM file, or base64); default: the key inside the package")
    .action((path: string, options: { publicKey?: string }) => {
      if (!existsSync(path)) throw new TryggError(404, 'not-found', `no such file: ${path}`);
      const key = options.publicKey ? trustedKey(options.publicKey) : undefined;
      const result = verifyPackage(readFileSync(path), key);
      if (!result.ok) {
        console.error(`Package FAILED verification (${path}):`);
        for (const problem of result.problems) console.error(`  - ${problem}`);
        process.exitCode = 2;
        return;
      }
      const m = result.manifest!;
      console.log(`Package verified: ${result.itemsChecked} items (${result.filesChecked} files) match manifest.json, and its signature is valid.`);
      console.log(`Export ${m.exportId} of ${m.exportedAt} for request ${String(m.request.id)} (case number ${String(m.request.caseNumber)}).`);
      console.log(`Signing key fingerprint: ${result.keyFingerprint}`);
      if (result.keyFromPackage) {
        console.log("The key was taken from the package: compare its fingerprint with the installation's (GET /v1/evidence/signing-key), or pass --public-key.");
      }
    });

  evidence
    .command('signing-key')
    .description("Print this installation's export-signing public key (PEM) and its fingerprint")
    .action(async () => {
      const runtime = await openRuntime(readEnv());
      try {
        const key = runtime.services.legal.signer.published;
        console.log(key.pem.trim());
        console.log(`Fingerprint (SHA-256 of the raw key): ${key.fingerprint}`);
      } finally {
        await runtime.close();
      }
    });

  evidence
    .command('reseal')
    .description('After a key rotation: seal every item under an older key again with the current key (TRYGG_EVIDENCE_KEYS)')
    .action(async () => {
      const runtime = await openRuntime(readEnv());
      try {
        const { resealed } = await runtime.services.evidence.reseal({ type: 'system', id: 'cli:evidence-reseal' });
        console.log(`Re-sealed ${resealed} blobs with the current key; older keys can be retired once every node has the new list.`);
      } finally {
        await runtime.close();
      }
    });

  evidence
    .command('purge')
    .description('Run the retention purge now (the server also runs it daily); prints the counts')
    .action(async () => {
      const runtime = await openRuntime(readEnv());
      try {
        const r = await runtime.services.legal.retention.purge();
        console.log(`Purged ${r.blobs} blobs (${r.bytes} bytes, ${r.items} items); ${r.heldItems} items past retention kept under legal hold.`);
      } finally {
        await runtime.close();
      }
    });
}
