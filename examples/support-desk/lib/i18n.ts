/**
 * The app's own words in English and Korean (the chat's come with @oichat/ui-react), and the
 * visitor's preferences (language, theme) as cookies, so that the server renders them right away.
 */
export type Locale = 'en' | 'ko';
export type Theme = 'light' | 'dark' | 'system';

export const LOCALE_COOKIE = 'desk_locale';
export const THEME_COOKIE = 'desk_theme';

export const asLocale = (v: string | undefined): Locale => (v === 'ko' ? 'ko' : 'en');
export const asTheme = (v: string | undefined): Theme => (v === 'light' || v === 'dark' ? v : 'system');

const en = {
  brand: 'Oi Market Support',
  signInTitle: 'Sign in to the support desk',
  signInLead:
    'Pick a demo person. Open a customer and an agent in two browsers (or a private window) to see both sides.',
  demoNotice: 'Demo sign-in: no passwords, anyone can be anyone. Replace it with your own authentication.',
  customers: 'Customers',
  agents: 'Agents',
  customerRole: 'Customer',
  agentRole: 'Support agent',
  signOut: 'Sign out',
  language: 'Language',
  theme: 'Theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  themeSystem: 'System',
  yourOrders: 'Your orders',
  orderNumber: 'Order #{id}',
  placedOn: 'Placed {date}',
  status_processing: 'Processing',
  status_shipped: 'Shipped',
  status_delivered: 'Delivered',
  getHelp: 'Get help',
  openChat: 'Open chat',
  opening: 'Opening…',
  openFailed: 'Could not open the chat. Try again.',
  inbox: 'Inbox',
  tabOpen: 'Open',
  tabResolved: 'Resolved',
  noOpen: 'No open conversations. New ones appear here as customers ask for help.',
  noResolved: 'No resolved conversations yet.',
  unclaimed: 'Waiting',
  claimedBy: 'With {names}',
  claim: 'Claim',
  conversationSoFar: 'Conversation so far',
  claimHint: 'Claim this conversation to answer {name}: you join it, and they see you did.',
  resolve: 'Resolve',
  reopen: 'Reopen',
  pickConversation: 'Pick a conversation',
  pickConversationHint: 'Open conversations come first, the most recent activity at the top.',
  actionFailed: 'That did not work: {reason}',
  sys_order_summary: 'Order #{order_id} · {items} · {total}. An agent will join this chat.',
  sys_claimed: '{agent} joined the conversation.',
  sys_resolved: '{agent} marked this conversation as resolved.',
  sys_reopened: '{agent} reopened this conversation.',
  sys_shortly: 'Thanks for waiting. An agent will be with you shortly.',
  sys_customer_reopened: '{customer} wrote again, so this conversation is open again.',
};

export type Dictionary = typeof en;

const ko: Dictionary = {
  brand: 'Oi 마켓 고객센터',
  signInTitle: '고객센터에 로그인',
  signInLead:
    '데모 사용자를 고르세요. 고객과 상담원을 두 브라우저(또는 시크릿 창)에서 열면 양쪽을 함께 볼 수 있습니다.',
  demoNotice: '데모 로그인입니다. 비밀번호가 없고 누구나 아무나 될 수 있습니다. 실제 인증으로 바꾸세요.',
  customers: '고객',
  agents: '상담원',
  customerRole: '고객',
  agentRole: '상담원',
  signOut: '로그아웃',
  language: '언어',
  theme: '테마',
  themeLight: '라이트',
  themeDark: '다크',
  themeSystem: '시스템',
  yourOrders: '내 주문',
  orderNumber: '주문 #{id}',
  placedOn: '{date} 주문',
  status_processing: '처리 중',
  status_shipped: '배송 중',
  status_delivered: '배송 완료',
  getHelp: '문의하기',
  openChat: '상담 열기',
  opening: '여는 중…',
  openFailed: '상담을 열지 못했습니다. 다시 시도하세요.',
  inbox: '받은 문의',
  tabOpen: '진행 중',
  tabResolved: '해결됨',
  noOpen: '진행 중인 문의가 없습니다. 고객이 문의하면 여기에 나타납니다.',
  noResolved: '해결된 문의가 아직 없습니다.',
  unclaimed: '대기 중',
  claimedBy: '{names} 담당',
  claim: '담당하기',
  conversationSoFar: '지금까지의 대화',
  claimHint: '이 문의를 담당하면 {name} 님에게 답할 수 있습니다. 참여한 사실이 고객에게도 보입니다.',
  resolve: '해결',
  reopen: '다시 열기',
  pickConversation: '문의를 선택하세요',
  pickConversationHint: '진행 중인 문의가 먼저, 최근 활동 순으로 보입니다.',
  actionFailed: '실패했습니다: {reason}',
  sys_order_summary: '주문 #{order_id} · {items} · {total}. 곧 상담원이 참여합니다.',
  sys_claimed: '{agent} 님이 상담에 참여했습니다.',
  sys_resolved: '{agent} 님이 이 상담을 해결됨으로 표시했습니다.',
  sys_reopened: '{agent} 님이 이 상담을 다시 열었습니다.',
  sys_shortly: '기다려 주셔서 감사합니다. 곧 상담원이 연결됩니다.',
  sys_customer_reopened: '{customer} 님이 다시 메시지를 보내 상담이 다시 열렸습니다.',
};

export const DICTIONARIES: Record<Locale, Dictionary> = { en, ko };

/** `format(dict.orderNumber, { id: '1234' })`: fills `{name}` slots. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}
