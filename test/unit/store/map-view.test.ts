import { describe, expect, it } from 'vitest';
import { createMapViewStore } from '../../../lib/store/map-view';

describe('map view store', () => {
  it('starts not following, with every layer shown', () => {
    const { following, layers } = createMapViewStore().getState();

    expect(following).toBe(false);
    expect(Object.values(layers).every(Boolean)).toBe(true);
  });

  it('follows the selected vehicle when asked', () => {
    const store = createMapViewStore();

    store.getState().setFollowing(true, 'bus-1');

    expect(store.getState().following).toBe(true);
  });

  it('refuses to follow when nothing is selected', () => {
    const store = createMapViewStore();

    store.getState().setFollowing(true, null);

    expect(store.getState().following).toBe(false);
  });

  it('stops following when the user moves the map', () => {
    const store = createMapViewStore();
    store.getState().setFollowing(true, 'bus-1');

    store.getState().userMoved();

    expect(store.getState().following).toBe(false);
  });

  it('stops following when the selection is cleared', () => {
    const store = createMapViewStore();
    store.getState().setFollowing(true, 'bus-1');

    store.getState().selected(null);

    expect(store.getState().following).toBe(false);
  });

  it('keeps following when another vehicle is selected', () => {
    const store = createMapViewStore();
    store.getState().setFollowing(true, 'bus-1');

    store.getState().selected('bus-2');

    expect(store.getState().following).toBe(true);
  });

  it('hides one layer group and leaves the others shown', () => {
    const store = createMapViewStore();

    store.getState().setLayer('trail', false);

    expect(store.getState().layers).toEqual({
      vehicles: true,
      labels: true,
      trail: false,
      route: true,
      network: true,
    });
  });

  it('does not notify when a layer is set to what it already is', () => {
    const store = createMapViewStore();
    let calls = 0;
    store.subscribe(() => calls++);

    store.getState().setLayer('route', true);
    store.getState().userMoved();

    expect(calls).toBe(0);
  });
});
