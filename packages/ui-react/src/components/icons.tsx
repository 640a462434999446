/** Inline SVG icons (24-unit grid, currentColor): no icon font, no extra request. Decorative: hidden from screen readers. */
import type { ReactNode } from 'react';

function Icon({ children, size = 18, className }: { children: ReactNode; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `oichat-icon ${className}` : 'oichat-icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const SendIcon = () => (
  <Icon>
    <path d="M5 12h13" />
    <path d="m12 5 7 7-7 7" />
  </Icon>
);
export const SearchIcon = () => (
  <Icon size={16}>
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </Icon>
);
export const BackIcon = () => (
  <Icon>
    <path d="m15 18-6-6 6-6" />
  </Icon>
);
export const ClockIcon = () => (
  <Icon size={13}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);
export const CheckIcon = () => (
  <Icon size={14}>
    <path d="m5 12 5 5 9-10" />
  </Icon>
);
export const DoubleCheckIcon = () => (
  <Icon size={14}>
    <path d="m2 12 5 5 9-10" />
    <path d="m12 16 1 1 9-10" />
  </Icon>
);
export const AlertIcon = () => (
  <Icon size={14}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 8v4" />
    <path d="M12 16h.01" />
  </Icon>
);
export const ArrowDownIcon = () => (
  <Icon size={16}>
    <path d="M12 5v14" />
    <path d="m19 12-7 7-7-7" />
  </Icon>
);
export const ChatIcon = () => (
  <Icon size={28}>
    <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" />
  </Icon>
);
export const WifiOffIcon = () => (
  <Icon size={16}>
    <path d="M2 8.8a15 15 0 0 1 4.2-2.6" />
    <path d="M10.7 5.1A15 15 0 0 1 22 8.8" />
    <path d="M5 12.6a10 10 0 0 1 5.2-2.5" />
    <path d="M16.9 11.2a10 10 0 0 1 2.1 1.4" />
    <path d="M8.5 16.4a5 5 0 0 1 7 0" />
    <path d="M12 20h.01" />
    <path d="m2 2 20 20" />
  </Icon>
);
export const FileIcon = () => (
  <Icon size={20}>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8Z" />
    <path d="M14 3v5h5" />
  </Icon>
);
export const ThreadIcon = () => (
  <Icon size={14}>
    <path d="M7 8h10" />
    <path d="M7 12h6" />
    <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" />
  </Icon>
);
export const SmileIcon = () => (
  <Icon size={16}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14a4 4 0 0 0 7 0" />
    <path d="M9 9.5h.01" />
    <path d="M15 9.5h.01" />
  </Icon>
);
export const ReplyIcon = () => (
  <Icon size={16}>
    <path d="m9 14-5-5 5-5" />
    <path d="M4 9h10a6 6 0 0 1 6 6v4" />
  </Icon>
);
export const MoreIcon = () => (
  <Icon size={16}>
    <path d="M5 12h.01" />
    <path d="M12 12h.01" />
    <path d="M19 12h.01" />
  </Icon>
);
export const EditIcon = () => (
  <Icon size={16}>
    <path d="M4 20h4L19 9l-4-4L4 16Z" />
    <path d="m13.5 6.5 4 4" />
  </Icon>
);
export const TrashIcon = () => (
  <Icon size={16}>
    <path d="M4 7h16" />
    <path d="M10 11v6" />
    <path d="M14 11v6" />
    <path d="M6 7l1 13h10l1-13" />
    <path d="M9 7V4h6v3" />
  </Icon>
);
export const PaperclipIcon = () => (
  <Icon>
    <path d="m20 11-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7" />
  </Icon>
);
export const CloseIcon = () => (
  <Icon size={16}>
    <path d="M6 6l12 12" />
    <path d="M18 6 6 18" />
  </Icon>
);
