'use client';
/** The quiet screen for "nothing here": no room chosen, no messages yet, nothing found. */
import { cx } from './common.js';
import type { EmptyStateProps } from './types.js';

export function EmptyState({ title, hint, icon, action, className }: EmptyStateProps) {
  return (
    <div className={cx('oichat-empty', className)}>
      {icon && <div className="oichat-empty__icon">{icon}</div>}
      <p className="oichat-empty__title">{title}</p>
      {hint && <p className="oichat-empty__hint">{hint}</p>}
      {action}
    </div>
  );
}
