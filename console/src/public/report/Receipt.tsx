import { useEffect, useRef } from 'react';
import type { Receipt } from '../../api/moderation';
import { Link } from '../../app/router';
import { useI18n } from '../../i18n';
import { Support } from './Support';

export const statusPath = (code: string) => `/report/status/${encodeURIComponent(code)}`;

/** The immediate receipt: the code, large, and where to see what becomes of the report. */
export function ReceiptView({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const { t, formatDateTime } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="report-page">
      <section className="receipt panel" aria-labelledby="receipt-title">
        <h1 id="receipt-title" ref={heading} tabIndex={-1}>{t('report.receipt.title')}</h1>
        <p>{t('report.receipt.received', { time: formatDateTime(receipt.receivedAt) })}</p>
        <p className="receipt-label" id="receipt-code-label">{t('report.receipt.code')}</p>
        <p className="receipt-code" aria-labelledby="receipt-code-label" data-testid="receipt-code">{receipt.receiptCode}</p>
        <p>{t('report.receipt.keep')}</p>
        {receipt.duplicate && <p className="alert">{t('report.receipt.duplicate')}</p>}
        <p className="actions">
          <Link className="button-link-primary" href={statusPath(receipt.receiptCode)}>{t('report.receipt.statusLink')}</Link>
          <button type="button" className="button-quiet" onClick={onAnother}>{t('report.receipt.another')}</button>
        </p>
        <p className="muted">{t('report.receipt.next')}</p>
      </section>
      <Support />
    </div>
  );
}
