import { createStore } from 'zustand/vanilla';

/** What the map control panel can show or hide. */
export type MapLayerGroup = 'vehicles' | 'labels' | 'trail' | 'route' | 'network';

export interface MapViewState {
  /** The camera keeps the selected vehicle in the middle. */
  following: boolean;
  /** Shown groups; every group starts shown. */
  layers: Record<MapLayerGroup, boolean>;
  /** Follows the selected vehicle, or stops; nothing to follow stops it. */
  setFollowing(on: boolean, selectedId: string | null): void;
  /** A person moved the map by hand: the camera is theirs again. */
  userMoved(): void;
  /** The selection changed; clearing it ends following. */
  selected(id: string | null): void;
  setLayer(group: MapLayerGroup, shown: boolean): void;
}

/** One per map: the camera mode and the layer toggles. */
export function createMapViewStore() {
  return createStore<MapViewState>()((set) => ({
    following: false,
    layers: { vehicles: true, labels: true, trail: true, route: true, network: true },
    setFollowing: (on, selectedId) => set({ following: on && selectedId !== null }),
    userMoved: () => set((s) => (s.following ? { following: false } : s)),
    selected: (id) => set((s) => (id === null && s.following ? { following: false } : s)),
    setLayer: (group, shown) =>
      set((s) =>
        s.layers[group] === shown ? s : { layers: { ...s.layers, [group]: shown } },
      ),
  }));
}

export type MapViewStore = ReturnType<typeof createMapViewStore>;
