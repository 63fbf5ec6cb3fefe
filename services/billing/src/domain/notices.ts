/**
 * Offer 4.3, quoted word for word from the published offer (services/identity/data/offer-v1.*.md):
 * the payment system may charge its own commissions on top of the price, and the Company does not
 * return them. The student sees it with every order and on the payment page, before paying.
 */
export interface OfferNotice {
  /** stable, for clients that pick a notice to show */
  code: 'payment-system-commission';
  /** the offer's clause */
  clause: string;
  kk: string;
  ru: string;
}

export const PAYMENT_SYSTEM_COMMISSION: OfferNotice = Object.freeze({
  code: 'payment-system-commission',
  clause: '4.3',
  ru: 'Товарищество предупреждает Пользователей, а Пользователи понимают и соглашаются с тем, что Платежная система может взимать сверх стоимости услуг любого рода комиссии и сборы, включая комиссии мобильных операторов, при их наличии, оказывая свои услуги лишь в случае, если такие комиссии и сборы будут оплачены Пользователем. Данные комиссии и сборы, при их наличии, не возвращаются и не возмещаются Товариществом. Пользователь, воспользовавшийся услугами Платежной системы, считается предупрежденным и согласным с их условиями.',
  kk: 'Серіктестік Пайдаланушыларды ескертеді, ал Пайдаланушылар Төлем жүйесі қызметтердің кез келген түрдегі құнынан жоғары комиссиялар мен алымдарды, егер олар болған жағдайда, мобильді операторлардың комиссияларын қоса алғанда, өз қызметтерін көрсете отырып, егер мұндай комиссиялар мен алымдарды Пайдаланушы төлеген жағдайда ғана ала алатынын түсінеді және келіседі. Бұл комиссиялар мен алымдарға егер олар болған жағдайда, оларды Серіктестік қайтармайды және өтемейді. Төлем жүйесінің қызметтерін пайдаланған Пайдаланушы ескертілген және олардың шарттарымен келісілген болып саналады.',
});

/** What every order answer carries (offer 4.3). */
export const ORDER_NOTICES: readonly OfferNotice[] = Object.freeze([PAYMENT_SYSTEM_COMMISSION]);
