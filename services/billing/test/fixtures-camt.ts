/** A camt.053.001.02 statement as a bank writes it, for the lines a test names. */
export interface CamtLine {
  endToEndId?: string;
  amount: string;
  direction: 'DBIT' | 'CRDT';
  ref?: string;
  returnReason?: string;
  status?: 'BOOK' | 'PDNG';
}

export function camt053(lines: readonly CamtLine[], msgId = 'STMT-2026-12-08-001'): string {
  const entries = lines.map((l) => `
      <Ntry>
        <Amt Ccy="KZT">${l.amount}</Amt>
        <CdtDbtInd>${l.direction}</CdtDbtInd>
        <Sts>${l.status ?? 'BOOK'}</Sts>
        <BookgDt><Dt>2026-12-08</Dt></BookgDt>
        <ValDt><Dt>2026-12-08</Dt></ValDt>
        ${l.ref ? `<AcctSvcrRef>${l.ref}</AcctSvcrRef>` : ''}
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>${l.returnReason ? 'RRTN' : 'DMCT'}</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs>${l.endToEndId ? `<EndToEndId>${l.endToEndId}</EndToEndId>` : ''}</Refs>
          <AmtDtls><TxAmt><Amt Ccy="KZT">${l.amount}</Amt></TxAmt></AmtDtls>
          ${l.returnReason ? `<RtrInf><Rsn><Cd>${l.returnReason}</Cd></Rsn></RtrInf>` : ''}
        </TxDtls></NtryDtls>
      </Ntry>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>${msgId}</MsgId><CreDtTm>2026-12-08T18:00:00Z</CreDtTm></GrpHdr>
    <Stmt>
      <Id>${msgId}-1</Id>
      <CreDtTm>2026-12-08T18:00:00Z</CreDtTm>
      <Acct><Id><IBAN>KZ72722S000006805521</IBAN></Id><Ccy>KZT</Ccy></Acct>${entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>`;
}
