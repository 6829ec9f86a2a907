// The baseline: a bare Fastify hello-world on the same machine, in its own process.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
// The same shape as a decision, with nothing behind it: the JSON body parsed, a JSON answer of
// decide's size. Tells what HTTP, a request body and JSON cost before Trygg does anything.
app.post('/v1/contact/decide', async (request) => ({ allow: true, rule: 'none', reason: 'a bare Fastify route', policyVersion: 1, asked: request.body }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`hello-world listening on http://127.0.0.1:${app.server.address().port}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
