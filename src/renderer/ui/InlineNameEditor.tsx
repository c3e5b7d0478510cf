import { useEffect, useRef, useState } from 'react';

interface InlineNameEditorProps {
  initial: string;
  label: string;
  onCommit(name: string): void;
  onCancel(): void;
  className?: string;
}

/** A text field in place of a name: Enter or leaving the field saves, Escape cancels. */
export function InlineNameEditor({ initial, label, onCommit, onCancel, className }: InlineNameEditorProps) {
  const [value, setValue] = useState(initial);
  const inputRef = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    const name = value.trim();
    if (save && name.length > 0 && name !== initial) onCommit(name);
    else onCancel();
  };

  return (
    <input
      ref={inputRef}
      className={className ?? 'inline-name'}
      aria-label={label}
      value={value}
      maxLength={200}
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          finish(true);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          finish(false);
        }
      }}
    />
  );
}
