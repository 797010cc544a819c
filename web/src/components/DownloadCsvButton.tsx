import { downloadCsv } from '../lib/csv';

export interface DownloadCsvButtonProps {
  filename: string;
  /** builds the CSV text on click, so large tables are only serialised when asked */
  getCsv: () => string;
  label?: string;
  disabled?: boolean;
}

export function DownloadCsvButton({
  filename,
  getCsv,
  label = 'Download CSV',
  disabled,
}: DownloadCsvButtonProps) {
  return (
    <button
      type="button"
      className="button button--secondary"
      disabled={disabled}
      onClick={() => downloadCsv(filename, getCsv())}
    >
      {label}
    </button>
  );
}
