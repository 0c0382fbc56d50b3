import type { VersionStatus } from '../api';
import { STATUS_TEXT } from '../lifecycle';

export function StatusBadge({ status }: { status: VersionStatus | string }) {
  return (
    <span className={`badge badge-${status}`} title={STATUS_TEXT[status as VersionStatus] ?? status}>
      {status}
    </span>
  );
}
