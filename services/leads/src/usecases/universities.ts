import { problems } from '@joo/service-kit';
import { uuidv7 } from 'uuidv7';
import { write, type LeadsContext } from '../context.js';
import { isRegionCode } from '../domain/regions.js';
import { deleteUniversity, findUniversity, saveUniversity, type University, type UniversityInput } from '../store/universities.js';

function check(input: UniversityInput): void {
  const errors = [];
  if (!isRegionCode(input.region)) errors.push({ field: '/region', message: 'is not a region code of GET /v1/identity/regions' });
  const codes = input.programmes.map((p) => p.code);
  if (new Set(codes).size !== codes.length) errors.push({ field: '/programmes', message: 'each programme code once' });
  if (errors.length) throw problems.badRequest(`${errors.length} field(s) are not valid`, errors);
}

export async function createUniversity(ctx: LeadsContext, input: UniversityInput): Promise<{ id: string }> {
  check(input);
  const id = uuidv7();
  await write(ctx, (tx) => saveUniversity(tx, id, input, ctx.clock(), uuidv7));
  return { id };
}

export async function replaceUniversity(ctx: LeadsContext, id: string, input: UniversityInput): Promise<University> {
  check(input);
  return write(ctx, async (tx) => {
    if (!(await findUniversity(tx, id))) throw problems.notFound('No such university');
    await saveUniversity(tx, id, input, ctx.clock(), uuidv7);
    return (await findUniversity(tx, id))!;
  });
}

export async function removeUniversity(ctx: LeadsContext, id: string): Promise<void> {
  if (!(await deleteUniversity(ctx.pool, id, ctx.clock()))) throw problems.notFound('No such university');
}
