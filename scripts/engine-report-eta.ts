// The transit part of the engine report (ETA against the timetable and
// against plain delay propagation); filled in once the ETA model lands.
export async function etaSection(_dataDir: string, _shipped: boolean): Promise<string> {
  return '';
}
