import type { SafetyCategory } from './types';

/** What a fleet manager should do about each kind of safety event. */
export const RECOMMENDED_ACTIONS: Record<SafetyCategory, string[]> = {
  harsh_braking: [
    'Talk the event through with the driver',
    'Have the brakes inspected if it recurs',
    'Watch the driver’s next trips',
  ],
  harsh_acceleration: [
    'Talk the event through with the driver',
    'Point out the fuel and tyre cost of hard starts',
  ],
  speeding: [
    'Remind the driver of the fleet’s speed policy',
    'Check the route for long fast stretches',
  ],
  idling: [
    'Ask the driver to switch the engine off when parked',
    'Check for a cold-weather exemption',
  ],
  route_deviation: [
    'Contact the driver to learn why the route was left',
    'Check for road closures or diversions on the planned route',
    'Update the plan if the new route is to stay',
  ],
};
