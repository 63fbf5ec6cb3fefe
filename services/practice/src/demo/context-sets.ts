/**
 * Generated context tasks for the profile subjects: a short situation with its numbers drawn by
 * the seeded generator, and three questions about it whose answers are computed from the same
 * numbers. Each set is one context record and its questions, in one language.
 */
import { between, hash, numericOptions, seededRandom, type DemoContext, type DemoQuestion, type Language, type Text } from './generate.js';

export interface ContextSet { context: DemoContext; questions: DemoQuestion[] }

interface Asked { name: string; stem: Text; explanation: Text; right: number; unit: Text }
interface Situation { subject: string; topic: string; title: Text; text: Text; facts: Record<string, number>; asked: Asked[] }

const contextSet = (name: string, make: (rnd: () => number) => Situation) =>
  (index: number, language: Language): ContextSet => {
    const rnd = seededRandom(hash(`context/${name}/${index}`));
    const s = make(rnd);
    const contextKey = `demo/${s.subject}/${name}/${index}/${language}`;
    return {
      context: { key: contextKey, subject: s.subject, language, title: s.title[language], text: s.text[language] },
      questions: s.asked.map((a) => {
        const { options, answer } = numericOptions(rnd, a.right, a.unit[language]);
        return {
          key: `demo/${s.subject}/${name}/${index}/${a.name}/${language}`, subject: s.subject, topic: s.topic, language, kind: 'context' as const,
          stem: a.stem[language], options, answer, explanation: a.explanation[language], free: false, contextKey, facts: { ...s.facts, asked: s.asked.indexOf(a) },
        };
      }),
    };
  };


/** A rectangular garden: its area, its fence and what the fence costs. */
export const garden = contextSet('garden', (rnd) => {
  const length = between(rnd, 8, 30); const width = between(rnd, 4, length - 1); const price = between(rnd, 3, 12) * 100;
  const area = length * width; const perimeter = 2 * (length + width); const cost = perimeter * price;
  return {
    subject: 'math', topic: 'geometry-in-context', facts: { length, width, price },
    title: { kk: 'Бақша (демо жағдай)', ru: 'Огород (демо-ситуация)' },
    text: {
      kk: `Тіктөртбұрыш пішінді бақшаның ұзындығы ${length} м, ені ${width} м. Бақшаны айналдыра қоршау керек; қоршаудың бір метрі ${price} ₸ тұрады.`,
      ru: `Огород прямоугольной формы имеет длину ${length} м и ширину ${width} м. Огород нужно обнести забором; метр забора стоит ${price} ₸.`,
    },
    asked: [
      { name: 'area', right: area, unit: { kk: ' м²', ru: ' м²' }, stem: { kk: 'Бақшаның ауданы қандай?', ru: 'Какова площадь огорода?' }, explanation: { kk: `S = ${length}·${width} = ${area} м²`, ru: `S = ${length}·${width} = ${area} м²` } },
      { name: 'perimeter', right: perimeter, unit: { kk: ' м', ru: ' м' }, stem: { kk: 'Қоршаудың ұзындығы қанша метр?', ru: 'Какой длины будет забор?' }, explanation: { kk: `P = 2·(${length} + ${width}) = ${perimeter} м`, ru: `P = 2·(${length} + ${width}) = ${perimeter} м` } },
      { name: 'cost', right: cost, unit: { kk: ' ₸', ru: ' ₸' }, stem: { kk: 'Бүкіл қоршау қанша тұрады?', ru: 'Сколько стоит весь забор?' }, explanation: { kk: `${perimeter}·${price} = ${cost} ₸`, ru: `${perimeter}·${price} = ${cost} ₸` } },
    ],
  };
});

/** A car starting from rest with constant acceleration: its final speed, the distance, its kinetic energy. */
export const acceleratingCar = contextSet('accelerating-car', (rnd) => {
  const a = between(rnd, 1, 4); const t = between(rnd, 1, 5) * 2; const mass = between(rnd, 5, 15) * 100;
  const v = a * t; const distance = (a * t * t) / 2; const energy = (mass * v * v) / 2;
  return {
    subject: 'physics', topic: 'kinematics-in-context', facts: { a, t, mass },
    title: { kk: 'Үдемелі қозғалыс (демо жағдай)', ru: 'Равноускоренное движение (демо-ситуация)' },
    text: {
      kk: `Массасы ${mass} кг автомобиль тыныштық күйден қозғалып, ${t} с бойы ${a} м/с² тұрақты үдеумен түзу сызықты қозғалды. Ауаның кедергісі ескерілмейді.`,
      ru: `Автомобиль массой ${mass} кг начал движение из состояния покоя и ${t} с двигался прямолинейно с постоянным ускорением ${a} м/с². Сопротивлением воздуха пренебречь.`,
    },
    asked: [
      { name: 'speed', right: v, unit: { kk: ' м/с', ru: ' м/с' }, stem: { kk: `${t} с өткеннен кейін автомобильдің жылдамдығы қандай?`, ru: `Какова скорость автомобиля через ${t} с?` }, explanation: { kk: `v = a·t = ${a}·${t} = ${v} м/с`, ru: `v = a·t = ${a}·${t} = ${v} м/с` } },
      { name: 'distance', right: distance, unit: { kk: ' м', ru: ' м' }, stem: { kk: 'Осы уақытта автомобиль қандай жол жүрді?', ru: 'Какой путь прошёл автомобиль за это время?' }, explanation: { kk: `s = a·t² / 2 = ${a}·${t * t} / 2 = ${distance} м`, ru: `s = a·t² / 2 = ${a}·${t * t} / 2 = ${distance} м` } },
      { name: 'energy', right: energy, unit: { kk: ' Дж', ru: ' Дж' }, stem: { kk: 'Осы уақыттың соңында автомобильдің кинетикалық энергиясы қандай?', ru: 'Какова кинетическая энергия автомобиля в конце этого времени?' }, explanation: { kk: `E = m·v² / 2 = ${mass}·${v * v} / 2 = ${energy} Дж`, ru: `E = m·v² / 2 = ${mass}·${v * v} / 2 = ${energy} Дж` } },
    ],
  };
});

export const CONTEXT_SETS = { garden, acceleratingCar };
