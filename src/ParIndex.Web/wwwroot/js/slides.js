// The conference view: arrow keys / Page Up-Down move one slide, F toggles full screen. Without script the deck scrolls.
(() => {
  const deck = document.getElementById('deck');
  if (!deck) return;
  const slides = () => Array.from(deck.querySelectorAll('.slide'));
  const current = () => { const s = slides(); const top = deck.scrollTop; let i = 0; s.forEach((x, k) => { if (x.offsetTop - 2 <= top) i = k; }); return i; };
  const go = (i) => { const s = slides(); const t = s[Math.max(0, Math.min(s.length - 1, i))]; deck.scrollTo({ top: t.offsetTop, behavior: 'smooth' }); };
  document.addEventListener('keydown', (e) => {
    if (['ArrowRight', 'ArrowDown', 'PageDown', ' '].includes(e.key)) { e.preventDefault(); go(current() + 1); }
    else if (['ArrowLeft', 'ArrowUp', 'PageUp'].includes(e.key)) { e.preventDefault(); go(current() - 1); }
    else if (e.key === 'f' || e.key === 'F') { if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen().catch(() => {}); }
  });
  deck.focus();
})();
