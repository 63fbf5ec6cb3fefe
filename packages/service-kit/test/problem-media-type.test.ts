import t from 'tap';
import { Type } from 'typebox';
import { createService, problemsFor } from '../src/index.js';

t.test('when the document is read, then errors are documented as application/problem+json, as they are sent', async (t) => {
  const app = await createService({ name: 'doc-test', logLevel: 'silent' });
  t.teardown(() => app.close());
  app.post('/things', {
    schema: {
      operationId: 'docTestCreateThing',
      body: Type.Object({ name: Type.String({ minLength: 1 }) }),
      response: { 201: Type.Object({ id: Type.String() }), ...problemsFor(400, 409) },
    },
  }, async (_request, reply) => reply.code(201).send({ id: 'x' }));
  app.get('/things.xml', {
    schema: { operationId: 'docTestThingsXml', produces: ['application/xml'], response: { 200: Type.String(), ...problemsFor(404) } },
  }, async (_request, reply) => reply.type('application/xml').send('<things/>'));
  await app.ready();

  const doc = (await app.inject('/openapi.json')).json();
  const created = doc.paths['/things'].post.responses;
  t.same(Object.keys(created[201].content), ['application/json'], 'a success keeps its media type');
  t.same(Object.keys(created[400].content), ['application/problem+json']);
  t.same(created[400].content['application/problem+json'].schema.required, ['type', 'title', 'status', 'code']);
  t.equal(created[409].description, 'A problem (RFC 9457)');
  const xml = doc.paths['/things.xml'].get.responses;
  t.same(Object.keys(xml[200].content), ['application/xml']);
  t.same(Object.keys(xml[404].content), ['application/problem+json'], 'an XML route answers its errors as problem+json too');

  const wire = await app.inject({ method: 'POST', url: '/things', payload: {} });
  t.equal(wire.statusCode, 400);
  t.match(wire.headers['content-type'], /^application\/problem\+json/, 'the wire agrees with the document');
});
