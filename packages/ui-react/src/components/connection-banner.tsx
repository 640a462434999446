'use client';
/**
 * A banner while the connection is lost and being re-established, a short "back online" once
 * it is, and a way to reconnect when the client gave up. Nothing on the first connection.
 */
import { useEffect, useRef, useState } from 'react';
import { useOiChatContext } from '../context/context.js';
import { useConnection } from '../hooks/use-oichat.js';
import { cx, useRootProps } from './common.js';
import { CheckIcon, WifiOffIcon } from './icons.js';

export interface ConnectionBannerProps {
  className?: string | undefined;
  /** How long "back online" stays, in ms (default 2500). */
  recoveredMs?: number | undefined;
}

export function ConnectionBanner({ className, recoveredMs = 2500 }: ConnectionBannerProps) {
  const { client, i18n } = useOiChatContext();
  const info = useConnection();
  const root = useRootProps('oichat-banner', className);
  const [recovered, setRecovered] = useState(false);
  const wasDown = useRef(false);

  const down = info.everConnected && (info.state === 'reconnecting' || info.state === 'connecting');
  const offline = info.state === 'disconnected' && info.error !== undefined;
  useEffect(() => {
    if (down || offline) {
      wasDown.current = true;
      setRecovered(false);
      return;
    }
    if (info.state === 'connected' && wasDown.current) {
      wasDown.current = false;
      setRecovered(true);
      const t = setTimeout(() => setRecovered(false), recoveredMs);
      return () => clearTimeout(t);
    }
  }, [down, offline, info.state, recoveredMs]);

  const kind = offline ? 'offline' : down ? 'reconnecting' : recovered ? 'recovered' : null;
  return (
    <div {...root} role="status" data-kind={kind ?? undefined}>
      {kind && (
        <div className={cx('oichat-banner__inner', `oichat-banner__inner--${kind}`)}>
          {kind === 'recovered' ? <CheckIcon /> : <WifiOffIcon />}
          <span>
            {kind === 'offline'
              ? i18n.strings.disconnected
              : kind === 'reconnecting'
                ? i18n.strings.connectionLost
                : i18n.strings.reconnected}
          </span>
          {kind === 'offline' && (
            <button type="button" className="oichat-banner__action" onClick={() => client.connect().catch(() => {})}>
              {i18n.strings.reconnectNow}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
