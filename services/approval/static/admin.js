// CAS Rejestracja — administrator's workplace: keyboard shortcuts and the scan viewer (issue #6, step 8).
// Progressive enhancement only: every page works without this file. The CSP allows scripts from 'self' only,
// so this file uses no inline handlers, no eval and no string-built code.
(function () {
  'use strict';

  /** Keys are for people not typing: form fields that take text (or a select's type-ahead) keep every key. */
  function typing(target) {
    if (!(target instanceof HTMLElement)) return false;
    if (target.isContentEditable) return true;
    if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
    return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  }

  const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // --- The help dialog: "?" toggles it, Esc (native to a modal <dialog>) and "Zamknij" close it. ---
  const dialog = document.getElementById('skroty');
  let returnFocus = null;
  function openHelp() {
    if (!(dialog instanceof HTMLDialogElement) || dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
  }
  if (dialog instanceof HTMLDialogElement) {
    document.querySelectorAll('.shortcuts-hint').forEach((hint) => hint.removeAttribute('hidden'));
    document.querySelectorAll('[data-shortcuts-open]').forEach((b) => b.addEventListener('click', openHelp));
    document.querySelectorAll('[data-shortcuts-close]').forEach((b) => b.addEventListener('click', () => dialog.close()));
    dialog.addEventListener('close', () => {
      if (returnFocus instanceof HTMLElement && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    });
  }

  // --- The queue: j/k move the focus between rows (the row shows it, see admin.css); Enter follows the row's link. ---
  const rows = Array.from(document.querySelectorAll('table.queue tbody tr'));
  function moveRow(step) {
    if (rows.length === 0) return false;
    const current = rows.findIndex((row) => row.contains(document.activeElement));
    const index = current === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, current + step));
    const link = rows[index].querySelector('a[href]');
    if (!link) return false;
    link.focus({ preventScroll: true });
    rows[index].scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
    return true;
  }

  // --- The review page: n → the next item, a → the approval's confirmation, r → the rejection's reason. ---
  function focusField(id) {
    const field = document.getElementById(id);
    if (!(field instanceof HTMLElement)) return false;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    return true;
  }
  function followNext() {
    const next = document.querySelector('a[rel="next"][href]');
    if (!(next instanceof HTMLAnchorElement)) return false;
    window.location.assign(next.href);
    return true;
  }

  const ACTIONS = new Map([
    ['j', () => moveRow(1)],
    ['k', () => moveRow(-1)],
    ['n', followNext],
    ['a', () => focusField('potwierdzam')],
    ['r', () => focusField('powod')],
  ]);

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return;
    if (typing(event.target)) return;
    if (event.key === '?') {
      if (!(dialog instanceof HTMLDialogElement)) return;
      event.preventDefault();
      if (dialog.open) dialog.close();
      else openHelp();
      return;
    }
    if (dialog instanceof HTMLDialogElement && dialog.open) return;
    const action = ACTIONS.get(event.key);
    if (action && action()) event.preventDefault();
  });

  // --- The scan viewer: zoom (width) and rotation (90° steps) of an image inside its scrollable container. ---
  const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4];
  document.querySelectorAll('[data-viewer-for]').forEach((tools) => {
    const viewer = document.getElementById(tools.getAttribute('data-viewer-for') || '');
    const img = viewer && viewer.querySelector('img');
    if (!(img instanceof HTMLImageElement)) return;
    const state = tools.querySelector('[data-viewer-state]');
    const stage = document.createElement('div');
    stage.className = 'scan-stage';
    viewer.insertBefore(stage, img);
    stage.appendChild(img);
    viewer.classList.add('is-enhanced');
    viewer.setAttribute('tabindex', '0');
    viewer.setAttribute('role', 'region');
    viewer.setAttribute('aria-label', 'Podgląd skanu (przewijany)');
    let zoom = 2; // index into ZOOMS: 1 = fit to the container's width
    let rotation = 0;

    function render() {
      const width = img.naturalWidth;
      const height = img.naturalHeight;
      if (!width || !height) return;
      const sideways = rotation % 180 !== 0;
      // The rotated page's box is as wide as the container times the zoom; the image is sized so that it fits it.
      const boxWidth = Math.max(120, viewer.clientWidth - 4) * ZOOMS[zoom];
      const imgWidth = sideways ? (boxWidth * width) / height : boxWidth;
      const imgHeight = (imgWidth * height) / width;
      stage.style.width = `${boxWidth}px`;
      stage.style.height = `${sideways ? imgWidth : imgHeight}px`;
      img.style.width = `${imgWidth}px`;
      img.style.height = `${imgHeight}px`;
      img.style.transform = `translate(-50%, -50%) rotate(${rotation}deg)`;
      if (state) state.textContent = `Powiększenie ${Math.round(ZOOMS[zoom] * 100)}%, obrót ${rotation}°`;
    }

    const COMMANDS = new Map([
      ['zoom-in', () => (zoom = Math.min(ZOOMS.length - 1, zoom + 1))],
      ['zoom-out', () => (zoom = Math.max(0, zoom - 1))],
      ['rotate-right', () => (rotation = (rotation + 90) % 360)],
      ['rotate-left', () => (rotation = (rotation + 270) % 360)],
      ['fit', () => (zoom = 2)],
    ]);
    tools.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-viewer]') : null;
      const command = button && COMMANDS.get(button.getAttribute('data-viewer'));
      if (!command) return;
      command();
      render();
    });
    if (img.complete) render();
    else img.addEventListener('load', render);
    window.addEventListener('resize', render);
    tools.removeAttribute('hidden');
  });
})();
