// The baseline: a bare Fastify hello-world on the same machine, in its own process.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`hello-world listening on http://127.0.0.1:${app.server.address().port}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
