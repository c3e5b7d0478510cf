import { EXPRESSION_NAMES, type Expressions } from '../../shared/api';

/** The 7 expression probabilities of the chosen face as bars, the most likely one marked. */
export function ExpressionBars({ expressions }: { expressions: Expressions }) {
  const top = EXPRESSION_NAMES.reduce((best, name) => (expressions[name] > expressions[best] ? name : best));
  return (
    <section className="face-panel__section" aria-label="Expressions" data-testid="expression-panel" data-top={top}>
      <h3 className="face-panel__heading">Expression</h3>
      <ul className="expression-bars">
        {EXPRESSION_NAMES.map((name) => {
          const percent = Math.round(expressions[name] * 100);
          return (
            <li
              key={name}
              className={`expression-bars__row${name === top ? ' expression-bars__row--top' : ''}`}
              data-expression={name}
              data-probability={expressions[name].toFixed(4)}
            >
              <span className="expression-bars__name">{name}</span>
              <span
                className="expression-bars__track"
                role="meter"
                aria-label={name}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
              >
                <span className="expression-bars__fill" style={{ width: `${expressions[name] * 100}%` }} />
              </span>
              <span className="expression-bars__value">{percent}%</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
