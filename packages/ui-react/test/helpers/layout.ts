/**
 * jsdom has no layout engine: every box is 0×0 and nothing scrolls. The virtualized list needs
 * sizes, so the message scroller is given a 600 px viewport and each row 56 px, and elements
 * scroll (scrollTop, scrollTo, a scroll event). Real layout is the browser tests' business.
 */
const VIEWPORT = { width: 800, height: 600 };
const ROW = 56;
const scrollTops = new WeakMap<Element, number>();

function boxOf(el: Element): { width: number; height: number } {
  if (el.classList.contains('oichat-messages__scroller')) return VIEWPORT;
  if (el.classList.contains('oichat-row')) return { width: VIEWPORT.width, height: ROW };
  return { width: 0, height: 0 };
}

export function installLayout(): void {
  const proto = HTMLElement.prototype;
  if ((proto as { __oichatLayout?: boolean }).__oichatLayout) return;
  (proto as { __oichatLayout?: boolean }).__oichatLayout = true;
  proto.getBoundingClientRect = function (this: HTMLElement) {
    const { width, height } = boxOf(this);
    return { x: 0, y: 0, top: 0, left: 0, right: width, bottom: height, width, height, toJSON: () => ({}) } as DOMRect;
  };
  for (const [prop, dim] of [
    ['offsetHeight', 'height'],
    ['clientHeight', 'height'],
    ['offsetWidth', 'width'],
    ['clientWidth', 'width'],
  ] as const)
    Object.defineProperty(proto, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return boxOf(this)[dim];
      },
    });
  const scrollHeight = (el: Element) => {
    const canvas = el.querySelector<HTMLElement>('.oichat-messages__canvas');
    return canvas ? Number.parseFloat(canvas.style.height || '0') : 0;
  };
  Object.defineProperty(Element.prototype, 'scrollHeight', {
    configurable: true,
    get(this: Element) {
      return scrollHeight(this);
    },
  });
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return scrollTops.get(this) ?? 0;
    },
    set(this: Element, v: number) {
      const max = Math.max(0, scrollHeight(this) - boxOf(this).height);
      scrollTops.set(this, Math.min(Math.max(0, v), max));
      this.dispatchEvent(new Event('scroll'));
    },
  });
  Element.prototype.scrollTo = function (this: Element, arg?: ScrollToOptions | number, y?: number) {
    const top = typeof arg === 'object' ? arg.top : y;
    if (top !== undefined) this.scrollTop = top;
  } as Element['scrollTo'];
  globalThis.ResizeObserver ??= class {
    constructor(private readonly cb: ResizeObserverCallback) {}
    observe(target: Element) {
      const { width, height } = boxOf(target);
      const entry = {
        target,
        contentRect: { width, height },
        borderBoxSize: [{ inlineSize: width, blockSize: height }],
      };
      queueMicrotask(() => this.cb([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver));
    }
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  globalThis.requestAnimationFrame ??= (cb) => setTimeout(() => cb(performance.now()), 16) as unknown as number;
  globalThis.cancelAnimationFrame ??= (id) => clearTimeout(id);
}
