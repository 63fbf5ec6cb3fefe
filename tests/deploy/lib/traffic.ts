/** A little real traffic through the gateway: a registration, a sign-in, a wrong password, a sign-out. */
export async function driveTraffic(gatewayUrl: string): Promise<{ accessToken: string; refreshToken: string }> {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(gatewayUrl + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const offer = await call('GET', '/v1/identity/offers/current');
  const n = String(Date.now() % 10_000_000).padStart(7, '0');
  const student = {
    fullName: 'Дана Ержанова', region: 'almaty', email: `dana${n}@example.kz`, phone: `+7701${n}`,
    password: 'tau-shyny-2026-dana', locale: 'ru', acceptOffer: true, offerVersion: offer.body?.version,
    // Without the cross-border consent (offer 3.7) no message goes to the providers, and their panels stay empty.
    consents: { crossBorder: true },
  };
  const registered = await call('POST', '/v1/identity/register', student);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const wrong = await call('POST', '/v1/identity/login', { login: student.email, password: 'not-the-password', device: { id: 'd1', name: 'Phone' } });
  if (wrong.status !== 401) throw new Error(`a wrong password answered ${wrong.status}`);
  const login = await call('POST', '/v1/identity/login', { login: student.email, password: student.password, device: { id: 'd1', name: 'Phone' } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
  return { accessToken: login.body.accessToken, refreshToken: login.body.refreshToken };
}
