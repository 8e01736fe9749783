// What bench/browser.py measures inside the page, injected before the page's own
// scripts (Playwright's add_init_script). It changes nothing the page does: it
// wraps the websocket's message listeners to time them, notes when each input
// (a key, a click) and each marked message reaches the screen, and keeps the
// figures in window.__probe for the benchmark to read.
(() => {
  const MARK = /\[m(\d+)\]/g;
  const probe = {
    firstRender: null,    // ms from navigation start to the paint after the welcome
    welcomeBytes: 0,
    welcomeHandlerMs: 0,
    frames: 0,            // websocket messages handled
    frameBytes: 0,
    handlerMs: [],        // time in the page's message handlers, one per frame
    types: {},            // frames by type
    inputs: [],           // {type, ms}: input event -> the next paint
    painted: {},          // marker number -> epoch ms of the paint that showed it
    live: false,
  };
  window.__probe = probe;

  /** Run fn after the next paint: a frame's callbacks, then a task after it. */
  const afterPaint = fn => requestAnimationFrame(() => setTimeout(fn, 0));

  const Native = window.WebSocket;
  class ProbedSocket extends Native {
    addEventListener(type, listener, options) {
      if (type !== "message" || typeof listener !== "function") {
        return super.addEventListener(type, listener, options);
      }
      const timed = event => {
        const start = performance.now();
        try {
          listener.call(this, event);
        } finally {
          const spent = performance.now() - start;
          const data = typeof event.data === "string" ? event.data : "";
          const kind = (data.slice(0, 40).match(/"type":"(\w+)"/) || [])[1] || "?";
          probe.frames += 1;
          probe.frameBytes += data.length;
          probe.handlerMs.push(spent);
          probe.types[kind] = (probe.types[kind] || 0) + 1;
          if (kind === "welcome" && probe.firstRender === null) {
            probe.welcomeBytes = data.length;
            probe.welcomeHandlerMs = spent;
            afterPaint(() => { probe.firstRender = performance.now(); });
          }
        }
      };
      return super.addEventListener(type, timed, options);
    }
  }
  window.WebSocket = ProbedSocket;

  for (const type of ["keydown", "click"]) {
    window.addEventListener(type, event => {
      if (!probe.live) return;
      const start = event.timeStamp;
      afterPaint(() => probe.inputs.push({type, ms: performance.now() - start}));
    }, true);
  }

  function noteMarks(node) {
    const text = node.textContent;
    if (!text || text.indexOf("[m") < 0) return;
    const fresh = [];
    for (const match of text.matchAll(MARK)) {
      if (!(match[1] in probe.painted)) {
        probe.painted[match[1]] = null;
        fresh.push(match[1]);
      }
    }
    if (fresh.length) {
      afterPaint(() => {
        const at = performance.timeOrigin + performance.now();
        for (const mark of fresh) probe.painted[mark] = at;
      });
    }
  }

  /** From now on, note inputs and marked messages. */
  probe.watch = () => {
    probe.live = true;
    new MutationObserver(records => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType === Node.ELEMENT_NODE || node.nodeType === Node.TEXT_NODE) noteMarks(node);
        }
      }
    }).observe(document.body, {childList: true, subtree: true, characterData: false});
  };
})();
