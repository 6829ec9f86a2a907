// Compile-time proof that `send` holds bodies to the server's schemas (checked by `npm run
// typecheck`; never run). Each @ts-expect-error fails the typecheck if its call were accepted.

import { send } from './send';

export async function checks(): Promise<void> {
  const session = await send('POST /v1/auth/sign-in', { email: 'a@example.test', password: 'secret' });
  session.staff.email satisfies string;
  // @ts-expect-error: the server requires a password
  await send('POST /v1/auth/sign-in', { email: 'a@example.test' });
  // @ts-expect-error: a field the server does not take
  await send('POST /v1/auth/sign-in', { email: 'a@example.test', password: 'secret', remember: true });
  // @ts-expect-error: a route the server does not have
  await send('POST /v1/auth/sign-on', { email: 'a@example.test', password: 'secret' });
  await send('POST /v1/cases/{id}/claim', { id: 'c-1' });
  // @ts-expect-error: the path parameter is missing
  await send('POST /v1/cases/{id}/claim', {});
  await send('POST /v1/contact/decide', { from: 'a', to: 'b', kind: 'message' });
  // @ts-expect-error: not a kind of contact
  await send('POST /v1/contact/decide', { from: 'a', to: 'b', kind: 'letter' });
}
