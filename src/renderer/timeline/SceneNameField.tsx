import { useEffect, useRef, useState } from 'react';
import { SCENE_NAME_MAX_LENGTH } from '../../shared/api/scenes';

/**
 * The scene's name as a text field in place of the scene menu while it is renamed. Enter or leaving
 * the field saves a valid changed name; an invalid one says why and the field stays open until it is
 * fixed or Escape cancels. `problemOf` checks a name (scene-names.ts); `onCommit` resolves with the
 * engine's refusal, if any (a name another portrait's scene has), which the field then shows.
 */
export function SceneNameField({
  initial,
  problemOf,
  onCommit,
  onClose,
}: {
  initial: string;
  problemOf(name: string): string | null;
  onCommit(name: string): Promise<string | null>;
  onClose(): void;
}) {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const closed = useRef(false);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const close = () => {
    if (closed.current) return;
    closed.current = true;
    onClose();
  };

  const submit = async () => {
    if (busy.current || closed.current) return;
    const name = value.trim();
    if (name === initial) return close();
    const local = problemOf(name);
    if (local) {
      setProblem(local);
      return;
    }
    busy.current = true;
    const refused = await onCommit(name);
    busy.current = false;
    if (refused === null) return close();
    setProblem(refused);
  };

  return (
    <span className="tl-rename">
      <input
        ref={inputRef}
        className="tl-field tl-rename__field"
        aria-label="Scene name"
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'tl-rename-problem' : undefined}
        value={value}
        // One more than allowed, so a pasted long name is seen and refused with the limit, not cut silently.
        maxLength={SCENE_NAME_MAX_LENGTH + 1}
        onChange={(event) => {
          setValue(event.currentTarget.value);
          setProblem(null);
        }}
        onBlur={() => void submit()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            close();
          }
        }}
      />
      {problem && (
        <span id="tl-rename-problem" className="tl-problem tl-problem--below" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
