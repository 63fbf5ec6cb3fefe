import { formatTenge } from '../domain/money.js';
import { PAYMENT_SYSTEM_COMMISSION } from '../domain/notices.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_TEXT: Record<string, { kk: string; ru: string }> = {
  pending: { kk: 'Төлем күтілуде', ru: 'Ожидает оплаты' },
  succeeded: { kk: 'Төленді', ru: 'Оплачено' },
  failed: { kk: 'Төлем қабылданбады', ru: 'Оплата отклонена' },
  suspicious: { kk: 'Тексеруде', ru: 'На проверке' },
};

/** The sandbox's hosted payment page, in Kazakh and Russian, with its two buttons after the offer's 4.3 warning. */
export function sandboxPage(p: { pageUrl: string; amount: number; status: string; productTitle: { kk: string; ru: string } }): string {
  const status = STATUS_TEXT[p.status] ?? { kk: p.status, ru: p.status };
  const buttons = p.status === 'pending'
    ? `<form method="post" action="${escape(p.pageUrl)}/confirm"><button type="submit">Төлеу / Оплатить</button></form>
       <form method="post" action="${escape(p.pageUrl)}/decline"><button type="submit">Бас тарту / Отклонить</button></form>`
    : '';
  return `<!doctype html>
<html lang="kk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>joo.kz — сынақ төлемі / тестовая оплата</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}form{display:inline-block;margin-right:1rem}
button{font-size:1.1rem;padding:.6rem 1.2rem}.amount{font-size:2rem;font-weight:600}.note{color:#666;font-size:.9rem}.notice{border-left:3px solid #c90;padding-left:.8rem;font-size:.9rem}</style></head>
<body>
<h1>${escape(p.productTitle.kk)} / ${escape(p.productTitle.ru)}</h1>
<p class="amount">${formatTenge(p.amount)}</p>
<p>${escape(status.kk)} / ${escape(status.ru)}</p>
<div class="notice" id="payment-system-commission">
<p lang="kk">${escape(PAYMENT_SYSTEM_COMMISSION.kk)} (${escape(PAYMENT_SYSTEM_COMMISSION.clause)}-т.)</p>
<p lang="ru">${escape(PAYMENT_SYSTEM_COMMISSION.ru)} (п. ${escape(PAYMENT_SYSTEM_COMMISSION.clause)})</p>
</div>
${buttons}
<p class="note">Бұл — сынақ төлем беті: нақты ақша алынбайды. / Это тестовая страница оплаты: деньги не списываются.</p>
</body></html>`;
}
