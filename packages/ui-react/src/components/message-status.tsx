'use client';
/** Where my message is: a clock while sending, a check once stored, two once seen; and for a failed send, why and what to do. */
import { useOiChatContext } from '../context/context.js';
import type { DeliveryState } from '../core/model.js';
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from './icons.js';

export interface MessageStatusProps {
  state: DeliveryState;
  seenBy: readonly string[];
  /** The full line (text and actions), not only the icon. */
  expanded: boolean;
  onRetry: () => void;
  onDiscard: () => void;
}

const SHOWN_NAMES = 3;

export function MessageStatus({ state, seenBy, expanded, onRetry, onDiscard }: MessageStatusProps) {
  const { i18n } = useOiChatContext();
  if (state === 'failed')
    return (
      <div className="oichat-status oichat-status--failed" role="alert">
        <AlertIcon />
        <span>{i18n.strings.failed}</span>
        <button type="button" className="oichat-status__action" onClick={onRetry}>
          {i18n.strings.retry}
        </button>
        <button type="button" className="oichat-status__action oichat-status__action--quiet" onClick={onDiscard}>
          {i18n.strings.discard}
        </button>
      </div>
    );
  const seen = state === 'sent' && seenBy.length > 0;
  const label =
    state === 'sending'
      ? i18n.strings.sending
      : seen
        ? i18n.t('seenBy', { names: namesLine(seenBy, i18n) })
        : i18n.strings.sent;
  return (
    <div className={`oichat-status oichat-status--${seen ? 'seen' : state}`}>
      {state === 'sending' ? <ClockIcon /> : seen ? <DoubleCheckIcon /> : <CheckIcon />}
      {expanded ? <span>{label}</span> : <span className="oichat-sr-only">{label}</span>}
    </div>
  );
}

function namesLine(names: readonly string[], i18n: ReturnType<typeof useOiChatContext>['i18n']): string {
  if (names.length <= SHOWN_NAMES) return i18n.list([...names]);
  return i18n.t('andMore', {
    names: names.slice(0, SHOWN_NAMES - 1).join(', '),
    count: names.length - (SHOWN_NAMES - 1),
  });
}
