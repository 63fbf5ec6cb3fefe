/** The 403 answers of eligibility (offer 7.1.2), shared by contests and surveys. */
import { ProblemError } from '@joo/service-kit';
import { missingLabels, type Verdict } from '../domain/eligibility.js';

export function refusal(verdict: Exclude<Verdict, { ok: true }>, what: 'contest' | 'survey'): ProblemError {
  switch (verdict.reason) {
    case 'profile-incomplete': {
      const labels = missingLabels(verdict.missing);
      return new ProblemError(403, 'profile-incomplete', 'Forbidden',
        `To take part in this ${what}, fill in your profile: ${verdict.missing.join(', ')}`,
        {
          missing: verdict.missing,
          message: {
            kk: `Қатысу үшін профиліңізде мына деректерді толтырыңыз: ${labels.kk}`,
            ru: `Чтобы участвовать, заполните в профиле: ${labels.ru}`,
          },
        });
    }
    case 'region-not-eligible':
      return new ProblemError(403, 'region-not-eligible', 'Forbidden', `This ${what} is not held in your region`, {
        region: verdict.region,
        message: { kk: 'Бұл сіздің өңіріңізде өткізілмейді', ru: 'Не проводится в вашем регионе' },
      });
    case 'locale-not-eligible':
      return new ProblemError(403, 'locale-not-eligible', 'Forbidden', `This ${what} is not meant for your language`, {
        locale: verdict.locale,
        message: { kk: 'Бұл сіздің тіліңізге арналмаған', ru: 'Не предназначено для вашего языка' },
      });
  }
}
