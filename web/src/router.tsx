// Client-side routes on the History API (parcoursd answers index.html for paths with no file):
//   /                         the journey list
//   /journeys/:id?version=N   a journey's page
//   /profiles?id=PID          profile lookup (a query, not a path: profile ids may hold a '.',
//                             and parcoursd answers index.html only for paths with no extension)
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((t) => t + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      href={href}
      onClick={(e: MouseEvent<HTMLAnchorElement>) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}

export const journeyHref = (id: string, version?: number) =>
  `/journeys/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`;
export const profileHref = (pid: string) => `/profiles?id=${encodeURIComponent(pid)}`;
