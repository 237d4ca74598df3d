/** The job summary's relay section: this checker's role, the lease, and the successor. */
import type { RelayReport } from '../relay/index.js';
import { describeLease } from '../relay/lease.js';

export function renderRelaySection(report: RelayReport, now: Date): string {
  const { start, end } = report;
  const out = ['### Relay', ''];
  const dry = report.dryRun ? ' (dry run: nothing written)' : '';
  if (start.role === 'relay') {
    const [did, would] = {
      start: ['started the relay', 'would start the relay'],
      handover: ['took the lease over', 'would take the lease over'],
      renew: ['kept the lease', 'would keep the lease'],
      restart: ['restarted the relay', 'would restart the relay'],
    }[start.kind];
    out.push(`This checker ${report.dryRun ? would : did}: ${start.reason}${dry}.`);
  } else {
    out.push(
      `This checker is a follower: ${start.reason}. It ticked once and left the waiting to the relay.`,
    );
    if (start.error) out.push('', `❌ ${start.error}`);
  }
  if (report.leaseLost) {
    out.push(
      '',
      '⚠️ The lease was taken over during the window (this relay overran it); no successor was dispatched.',
    );
  }
  if (end?.handedOver) {
    const successor = end.successor;
    const run = successor?.runId
      ? successor.runUrl
        ? `[run ${successor.runId}](${successor.runUrl})`
        : `run ${successor.runId}`
      : 'a new run (GitHub did not return its id)';
    out.push(
      '',
      end.error
        ? `❌ ${end.error}`
        : `Handed over: dispatched \`${report.self?.workflow ?? 'the checker'}\` on \`${report.self?.ref ?? ''}\` → ${run}.`,
    );
  } else if (end) {
    out.push('', `Not handed over: ${end.reason}.`);
    if (end.error) out.push('', `❌ ${end.error}`);
  }
  const lease = end?.handedOver ? end.lease : start.lease;
  out.push('', `**Lease:** ${describeLease(lease, now)}.`, '');
  return out.join('\n');
}
