import { controlFullName, type RigControl } from '../rig/rig-groups';
import { useRigPanelStore } from '../rig/rig-panel-store';
import { controlValue, parameterOf } from './parameters';
import { ParameterKeyButton } from './ParameterKeyButton';

/** The ◆ beside a rig slider (ParameterKeyButton): keys the value the rig shows at the playhead. */
export function KeyButton({ control }: { control: RigControl }) {
  return (
    <ParameterKeyButton
      parameter={parameterOf(control)}
      label={controlFullName(control)}
      shownValue={() => controlValue(useRigPanelStore.getState().shown, control)}
      testId={`key-button-${control.name}`}
    />
  );
}
