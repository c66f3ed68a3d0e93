import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Streamlit } from "streamlit-component-lib";
import { CypherEditor } from "@neo4j-cypher/react-codemirror";
import { Prec } from "@codemirror/state";
import { keymap } from "@codemirror/view";

// Height of the hint row under the editor at the default type (.hint in style.css).
const HINT_HEIGHT = 24;
// The editor's type by default, px (.cm-content in style.css); `font_size` from Python overrides it
// (presentation mode: as large as the rest of the page).
const FONT_SIZE = 13.5;

const lineNumberFormatter = (line) => String(line);

const shorten = (text) => {
  const s = String(text).replace(/\s+/g, " ").trim();
  return s.length > 70 ? s.slice(0, 67) + "…" : s;
};

/**
 * Streamlit component: a Cypher editor (Neo4j's CodeMirror 6 editor).
 *
 * Args from Python: value (str), version (int), height (int),
 * examples (list[str] | null), run_base (int), hint and placeholder (str, in the
 * app's language), font_size (px, or null for the default 13.5: presentation mode
 * passes a large one, and the hint row grows with it).
 *
 * Sends back {text, run, version}: `run` increments on Ctrl/Cmd+Enter; on blur
 * the text is sent with the same `run`. `version` is the Python-side version
 * whose value the text is based on (the wrapper uses it to detect stale text).
 */
export default function App() {
  const [args, setArgs] = useState(null);
  const [initialValue, setInitialValue] = useState(null);

  const editorRef = useRef(null); // EditorApi from @neo4j-cypher/codemirror
  const textRef = useRef(""); // current editor text
  const runRef = useRef(0); // Ctrl+Enter counter
  const versionRef = useRef(null); // Python-side version currently loaded
  const lastSentRef = useRef(null); // text Python already knows about

  const currentText = () => {
    const view = editorRef.current && editorRef.current.codemirror;
    return view ? view.state.doc.toString() : textRef.current;
  };

  const send = useCallback(() => {
    const text = currentText();
    textRef.current = text;
    lastSentRef.current = text;
    Streamlit.setComponentValue({
      text,
      run: runRef.current,
      version: versionRef.current,
    });
  }, []);

  const runQuery = useCallback(() => {
    if (editorRef.current) editorRef.current.setAutocompleteOpen(false);
    runRef.current += 1;
    send();
    return true; // handled: don't insert a newline
  }, [send]);

  // Stable extension list (a new array would make the editor reconfigure).
  const preExtensions = useMemo(
    () => [
      Prec.highest(
        keymap.of([
          { key: "Mod-Enter", run: runQuery, preventDefault: true },
          { key: "Ctrl-Enter", run: runQuery, preventDefault: true },
        ])
      ),
    ],
    [runQuery]
  );

  // Streamlit render events carry the Python args.
  useEffect(() => {
    const onRender = (event) => setArgs(event.detail.args || {});
    Streamlit.events.addEventListener(Streamlit.RENDER_EVENT, onRender);
    Streamlit.setComponentReady();
    return () =>
      Streamlit.events.removeEventListener(Streamlit.RENDER_EVENT, onRender);
  }, []);

  // Apply args: first render initialises; a new `version` replaces the text.
  useEffect(() => {
    if (!args) return;
    const value = args.value == null ? "" : String(args.value);
    const version = args.version == null ? 0 : args.version;
    runRef.current = Math.max(runRef.current, Number(args.run_base) || 0);
    if (versionRef.current === null) {
      versionRef.current = version;
      textRef.current = value;
      lastSentRef.current = value;
      setInitialValue(value);
    } else if (version !== versionRef.current) {
      versionRef.current = version;
      textRef.current = value;
      lastSentRef.current = value;
      if (editorRef.current) editorRef.current.setValue(value);
    }
  }, [args]);

  const height = Math.max(60, Number(args && args.height) || 200);
  const fontSize = Math.max(8, Number(args && args.font_size) || FONT_SIZE);
  const hintSize = Math.max(12, Math.round(fontSize * 0.85));
  const hintHeight = Math.max(HINT_HEIGHT, hintSize + 12);

  useEffect(() => {
    if (args) Streamlit.setFrameHeight(height + hintHeight);
  }, [args, height, hintHeight]);

  const onValueChanged = useCallback((value) => {
    textRef.current = value;
  }, []);

  const onFocusChanged = useCallback(
    (focused) => {
      if (!focused && currentText() !== lastSentRef.current) send();
    },
    [send]
  );

  const onEditorCreated = useCallback((editor) => {
    editorRef.current = editor;
  }, []);

  const examples = (args && Array.isArray(args.examples) && args.examples) || [];

  const loadExample = (event) => {
    const idx = Number(event.target.value);
    event.target.value = "";
    if (!Number.isInteger(idx) || !examples[idx] || !editorRef.current) return;
    editorRef.current.setValue(examples[idx]);
    textRef.current = examples[idx];
    send();
    editorRef.current.focus();
  };

  if (initialValue === null) return null;

  return (
    <div
      className="wrap"
      style={{
        "--kg-code-size": `${fontSize}px`,
        "--kg-hint-size": `${hintSize}px`,
        "--kg-hint-height": `${hintHeight}px`,
      }}
    >
      <div className="editor-box" style={{ height }}>
        <CypherEditor
          value={initialValue}
          theme="light"
          lineNumbers={true}
          lineNumberFormatter={lineNumberFormatter}
          autofocus={false}
          autofocusProps={[]}
          tooltipAbsolute={false}
          lineWrapping={false}
          cursorWide={false}
          placeholder={(args && args.placeholder) || "Type a Cypher query…"}
          preExtensions={preExtensions}
          onEditorCreated={onEditorCreated}
          onValueChanged={onValueChanged}
          onFocusChanged={onFocusChanged}
          className="kg-cypher"
        />
      </div>
      <div className="hint">
        <span>{(args && args.hint) || "Ctrl+Enter to run"}</span>
        {examples.length > 0 && (
          <select
            className="examples"
            defaultValue=""
            onChange={loadExample}
            title="Load an example query"
          >
            <option value="" disabled>
              Examples…
            </option>
            {examples.map((ex, i) => (
              <option key={i} value={i}>
                {shorten(ex)}
              </option>
            ))}
          </select>
        )}
      </div>
    </div>
  );
}
