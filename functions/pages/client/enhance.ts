/**
 * The pages' only script, an enhancement: every page works without it. It moves a ranked service
 * up or down in place (the server does the same on a form post without JavaScript), shows a
 * dispute's reason field only when its box is ticked, focuses the error summary and the field a
 * summary link names, and makes the print button print. Built into generated.ts by
 * `npm run pages:assets`; served from the app's own origin (the content security policy allows
 * scripts from self only).
 */

import { enhanceTimesheet } from './timesheet.ts';

function renumber(list: HTMLElement): void {
  list.querySelectorAll<HTMLInputElement>('input[data-place]').forEach((input, index) => {
    input.value = String(index + 1);
  });
}

function announce(text: string): void {
  const region = document.querySelector<HTMLElement>('[data-announce]');
  if (region) region.textContent = text;
}

function enhanceRanking(list: HTMLElement): void {
  list.addEventListener('click', (event) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-move]');
    if (!button) return;
    const item = button.closest<HTMLElement>('[data-rank-item]');
    if (!item) return;
    event.preventDefault();
    const direction = button.dataset['move'] === 'up' ? 'up' : 'down';
    const sibling = direction === 'up' ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    if (direction === 'up') list.insertBefore(item, sibling);
    else list.insertBefore(sibling, item);
    renumber(list);
    const moved = item.querySelector<HTMLButtonElement>(`button[data-move="${direction}"]`);
    (moved && !isEdge(item, direction)
      ? moved
      : item.querySelector<HTMLButtonElement>('button[data-move]')
    )?.focus();
    const name = item.dataset['name'] ?? '';
    const place = [...list.children].indexOf(item) + 1;
    announce(`${name}: ${list.dataset['placeWord'] ?? ''} ${place}`);
  });
}

function isEdge(item: Element, direction: 'up' | 'down'): boolean {
  return direction === 'up' ? item.previousElementSibling === null : item.nextElementSibling === null;
}

function enhanceReveal(box: HTMLInputElement): void {
  const target = document.getElementById(box.getAttribute('aria-controls') ?? '');
  if (!target) return;
  const sync = () => {
    target.hidden = !box.checked;
    box.setAttribute('aria-expanded', String(box.checked));
  };
  box.addEventListener('change', sync);
  sync();
}

function enhanceErrorSummary(summary: HTMLElement): void {
  summary.focus();
  summary.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[href^="#"]');
    if (!link) return;
    const field = document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    field.scrollIntoView({ block: 'center' });
    field.focus();
  });
}

document.querySelectorAll<HTMLElement>('[data-ranking]').forEach(enhanceRanking);
document.querySelectorAll<HTMLInputElement>('input[data-reveal]').forEach(enhanceReveal);
document.querySelectorAll<HTMLElement>('[data-error-summary]').forEach(enhanceErrorSummary);
document.querySelectorAll<HTMLButtonElement>('button[data-print]').forEach((button) => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
document.querySelectorAll<HTMLElement>('[data-no-script-hint]').forEach((hint) => {
  hint.hidden = true;
});
document.querySelectorAll<HTMLFormElement>('form[data-add-entry]').forEach(enhanceTimesheet);
