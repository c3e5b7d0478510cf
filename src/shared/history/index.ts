export { type Command, composite, fold, relabel } from './command';
export {
  History,
  type Gesture,
  type HistoryOptions,
  type HistoryReach,
  type HistorySnapshot,
  type StepOutOfReach,
} from './history';
export { setValueCommand, type SetValueOptions } from './set-value';
