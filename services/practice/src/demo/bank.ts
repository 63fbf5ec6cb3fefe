/**
 * The whole demo bank, in kk and ru: generated questions (each generator's first `perGenerator`),
 * generated context sets, and the authored History of Kazakhstan and reading-literacy questions.
 * Enough of every kind for a full mock with the profile pair mathematics–physics
 * (test/demo/bank.test.ts checks it against the format document).
 */
import { authoredBank, DEMO_CONTEXTS } from './authored.js';
import { CONTEXT_SETS } from './context-sets.js';
import { GENERATORS, type DemoContext, type DemoQuestion, type Language } from './generate.js';
import { siUnits, vectorQuantities } from './physics-kinds.js';

const LANGUAGES: Language[] = ['kk', 'ru'];

export const QUESTION_GENERATORS = { ...GENERATORS, vectorQuantities, siUnits };

/** Each generator's first `perGenerator` questions in both languages. */
export function generatedBank(perGenerator = 6): DemoQuestion[] {
  return Object.values(QUESTION_GENERATORS).flatMap((make) =>
    Array.from({ length: perGenerator }, (_, i) => LANGUAGES.map((language) => make(i, language))).flat());
}

/** Each context set's first `perSet` situations in both languages, with their questions. */
export function generatedContextSets(perSet = 2) {
  return Object.values(CONTEXT_SETS).flatMap((make) =>
    Array.from({ length: perSet }, (_, i) => LANGUAGES.map((language) => make(i, language))).flat());
}

export function demoBank(): { questions: DemoQuestion[]; contexts: DemoContext[] } {
  const sets = generatedContextSets();
  return {
    questions: [...generatedBank(), ...sets.flatMap((s) => s.questions), ...authoredBank()],
    contexts: [...sets.map((s) => s.context), ...DEMO_CONTEXTS],
  };
}
