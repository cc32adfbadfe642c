// The reconnect dialog, and pausing the circuit of a tab that stays hidden.
//
// A hidden tab holds a whole circuit on the server (every component of its page) for nothing. After
// Circuits:PauseHiddenAfter (data-pause-hidden-after-ms on the dialog) this script calls Blazor.pauseCircuit(): the
// framework persists the page's [PersistentState] and its root components, ends the circuit and closes the connection.
// When the tab is shown again, Blazor.resumeCircuit() starts a new circuit from that state, and the scroll position and
// focus are put back. <html data-circuit="..."> says where a tab is: "paused", "resuming", "connected".
const reconnectModal = document.getElementById("components-reconnect-modal");
const pauseHiddenAfterMs = Number(reconnectModal.dataset.pauseHiddenAfterMs) || 60000;
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);
document.addEventListener("visibilitychange", onVisibilityChanged);

// A resume sends the page's persisted state back in one SignalR message, and Program.cs caps those at 256 KB. The state
// is mostly what the user typed, JSON-encoded by .NET (a non-ASCII character becomes a 6-byte \uXXXX escape), then
// encrypted and base64-encoded (×4/3). A tab holding more than this keeps its circuit rather than risk losing the text.
const maxTypedStateBytes = 128 * 1024;

let pauseTimer = 0;
let pausing = null;        // the running Blazor.pauseCircuit() of a hidden tab, if any
let pausedWhileHidden = false;
let resuming = null;
let savedView = null;

function setCircuitState(state) {
    document.documentElement.dataset.circuit = state;
}

function handleReconnectStateChanged(event) {
    const state = event.detail.state;
    if (pausedWhileHidden && (state === "show" || (state === "paused" && !event.detail.remote))) {
        // Our own pause of a hidden tab: nothing to show; the tab resumes by itself when it is shown.
        return;
    }
    if (state === "show" || state === "paused") {
        if (!reconnectModal.open) {
            reconnectModal.showModal();
        }
    } else if (state === "hide") {
        reconnectModal.close();
    } else if (state === "failed") {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    } else if (state === "rejected") {
        location.reload();
    }
}

function onVisibilityChanged() {
    clearTimeout(pauseTimer);
    if (document.visibilityState === "hidden") {
        pauseTimer = setTimeout(pauseWhileHidden, pauseHiddenAfterMs);
    } else if (pausedWhileHidden) {
        resumeShownTab();
    }
}

async function pauseWhileHidden() {
    // Static pages (sign-in forms) have no circuit, and Blazor defines pauseCircuit only once one started.
    if (document.visibilityState !== "hidden" || pausedWhileHidden || typeof window.Blazor?.pauseCircuit !== "function") {
        return;
    }
    if (typedStateBytes() > maxTypedStateBytes) {
        return;
    }
    savedView = { x: window.scrollX, y: window.scrollY, focusId: document.activeElement?.id || null };
    // A field being edited sends its value on "change": blur it so the server has the text before it persists the page.
    if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) {
        document.activeElement.blur();
    }
    pausedWhileHidden = true;
    setCircuitState("pausing");
    pausing = Blazor.pauseCircuit().catch(() => false);
    const paused = await pausing;
    pausing = null;
    if (!paused) {
        // Not connected (a reconnect is under way) or the server refused: leave the circuit to the reconnect logic.
        pausedWhileHidden = false;
        setCircuitState("connected");
        return;
    }
    setCircuitState("paused");
    if (document.visibilityState === "visible") {
        await resumeShownTab();
    }
}

async function resumeShownTab() {
    if (resuming) {
        return resuming;
    }
    if (!pausedWhileHidden) {
        return;
    }
    resuming = (async () => {
        setCircuitState("resuming");
        if (pausing && !(await pausing)) {
            setCircuitState("connected");
            return;
        }
        let resumed = false;
        try {
            resumed = await Blazor.resumeCircuit();
        } catch {
            resumed = false;
        }
        if (!resumed) {
            // The server no longer has the state (Circuits:PausedStateRetention passed, or another instance): start over.
            location.reload();
            return;
        }
        pausedWhileHidden = false;
        restoreView();
        setCircuitState("connected");
    })();
    try {
        await resuming;
    } finally {
        resuming = null;
    }
}

function typedStateBytes() {
    let bytes = 0;
    for (const field of document.querySelectorAll("textarea, input:not([type=file]):not([type=hidden])")) {
        for (const ch of field.value) {
            bytes += ch.charCodeAt(0) < 128 ? 1 : 6;
        }
    }
    return bytes;
}

function restoreView() {
    const view = savedView;
    savedView = null;
    if (!view) {
        return;
    }
    // The resumed circuit re-renders the page in one batch; put the reader back where they were once it is laid out.
    requestAnimationFrame(() => {
        window.scrollTo(view.x, view.y);
        if (view.focusId) {
            document.getElementById(view.focusId)?.focus({ preventScroll: true });
        }
    });
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);

    try {
        // true: reconnected; false: the server was reached but no longer has the circuit; an exception: not reached.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumeSuccessful = await Blazor.resumeCircuit();
            if (!resumeSuccessful) {
                location.reload();
            } else {
                reconnectModal.close();
            }
        }
    } catch (err) {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}

// A tab opened in the background is hidden from the start.
if (document.visibilityState === "hidden") {
    pauseTimer = setTimeout(pauseWhileHidden, pauseHiddenAfterMs);
}
