export { type Command, composite, fold, relabel } from './command';
export { History, type Gesture, type HistoryOptions, type HistorySnapshot } from './history';
export { setValueCommand, type SetValueOptions } from './set-value';
