import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

// The console talks to Trygg only through the public API. Its view of that API is generated from
// the OpenAPI document the server publishes (console/src/api/openapi.gen.ts), and
// console/src/api/contract.ts checks at compile time that what each page expects is what the
// server sends. This test fails when the server's API changes and the file was not regenerated:
// `npm run api:types` writes it.
describe(`the console's API types (${testDriver})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('are generated from the OpenAPI document the server publishes now', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const ast = await openapiTS(doc, { alphabetize: true, exportType: true });
    const source = `// Generated from Trygg's /openapi.json by openapi-typescript: do not edit. \`npm run api:types\` rewrites it.\n\n${astToString(ast)}`;
    await expect(source).toMatchFileSnapshot('../../console/src/api/openapi.gen.ts');
  });
});
