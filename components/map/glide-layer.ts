import type {
  CustomLayerInterface,
  CustomRenderMethodInput,
  Map as MapLibreMap,
} from 'maplibre-gl';
import { STATUS_COLOUR, STATUS_ORDER } from '@/lib/fleet/status';
import { FLOATS_PER_VEHICLE, type GlideBuffer } from '@/lib/map/glide-buffer';
import { GLIDE_LAYER, GLIDE_MIN_ZOOM } from './layer-ids';

/**
 * Every vehicle as a sprite interpolated on the GPU. Vertex data changes
 * only when fixes arrive (see GlideBuffer); a frame sets the clock and the
 * camera and draws all vehicles in one instanced call. An arrow turns with
 * the vehicle's heading (0° = north) and with the map's bearing; a vehicle
 * of unknown heading is a dot. Web Mercator only, WebGL 2 only (MapLibre 5
 * asks for WebGL 2 first); elsewhere it draws nothing.
 */
export class GlideLayer implements CustomLayerInterface {
  readonly id = GLIDE_LAYER;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  /** Slot not to draw: the selected vehicle has its own layer. */
  hidden = -1;

  private map: MapLibreMap | undefined;
  private gl: WebGL2RenderingContext | undefined;
  private program: WebGLProgram | null = null;
  private vao: WebGLVertexArrayObject | null = null;
  private instances: WebGLBuffer | null = null;
  private corners: WebGLBuffer | null = null;
  private uniforms: Record<string, WebGLUniformLocation | null> = {};

  constructor(private readonly buffer: GlideBuffer) {}

  onAdd(map: MapLibreMap, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    if (!(gl instanceof WebGL2RenderingContext)) return;
    this.map = map;
    this.gl = gl;
    this.program = link(gl, VERTEX, FRAGMENT);
    for (const name of UNIFORMS)
      this.uniforms[name] = gl.getUniformLocation(this.program, name);
    this.corners = gl.createBuffer();
    this.instances = gl.createBuffer();
    this.vao = gl.createVertexArray();
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.corners);
    gl.bufferData(
      gl.ARRAY_BUFFER,
      new Float32Array([-1, -1, 1, -1, -1, 1, 1, 1]),
      gl.STATIC_DRAW,
    );
    gl.enableVertexAttribArray(0);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.instances);
    const stride = FLOATS_PER_VEHICLE * 4;
    // a_from_to, a_time (start, duration), a_look (heading, status)
    const parts: [number, number, number][] = [
      [1, 4, 0],
      [2, 2, 16],
      [3, 2, 24],
    ];
    for (const [loc, size, offset] of parts) {
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, size, gl.FLOAT, false, stride, offset);
      gl.vertexAttribDivisor(loc, 1);
    }
    gl.bindVertexArray(null);
    this.buffer.grown = true;
  }

  render(_gl: unknown, options: CustomRenderMethodInput): void {
    const { gl, map, program, buffer } = this;
    if (!gl || !map || !program || !buffer.origin || buffer.count === 0) return;
    if (map.getZoom() < GLIDE_MIN_ZOOM) return;
    const now = Date.now();

    gl.bindBuffer(gl.ARRAY_BUFFER, this.instances);
    this.upload(gl);
    gl.useProgram(program);
    gl.bindVertexArray(this.vao);
    const u = this.uniforms;
    gl.uniformMatrix4fv(
      u['u_matrix'] ?? null,
      false,
      // Under Web Mercator the main matrix takes 0..1 mercator coordinates.
      translated(options.defaultProjectionData.mainMatrix, buffer.origin),
    );
    gl.uniform1f(u['u_now'] ?? null, (now - buffer.epoch) / 1000);
    gl.uniform1f(u['u_bearing'] ?? null, (map.getBearing() * Math.PI) / 180);
    gl.uniform1f(u['u_size'] ?? null, spriteSize(map.getZoom()));
    const canvas = map.getCanvas();
    gl.uniform2f(u['u_viewport'] ?? null, canvas.width, canvas.height);
    gl.uniform1f(u['u_ratio'] ?? null, canvas.width / canvas.clientWidth || 1);
    gl.uniform3fv(u['u_palette'] ?? null, PALETTE);
    gl.uniform1i(u['u_hidden'] ?? null, this.hidden);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArraysInstanced(gl.TRIANGLE_STRIP, 0, 4, buffer.count);
    gl.bindVertexArray(null);

    if (buffer.gliding(now)) map.triggerRepaint();
  }

  onRemove(): void {
    const { gl } = this;
    if (!gl) return;
    gl.deleteBuffer(this.instances);
    gl.deleteBuffer(this.corners);
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.program);
    this.gl = undefined;
    this.map = undefined;
  }

  /** Sends the GPU what changed since the last frame, or all of it once grown. */
  private upload(gl: WebGL2RenderingContext): void {
    const { buffer } = this;
    const dirty = buffer.takeDirty();
    if (buffer.grown) {
      gl.bufferData(gl.ARRAY_BUFFER, buffer.data, gl.DYNAMIC_DRAW);
      buffer.grown = false;
      return;
    }
    if (!dirty) return;
    const n = FLOATS_PER_VEHICLE;
    gl.bufferSubData(
      gl.ARRAY_BUFFER,
      dirty.from * n * 4,
      buffer.data,
      dirty.from * n,
      (dirty.to - dirty.from) * n,
    );
  }
}

const UNIFORMS = [
  'u_matrix',
  'u_now',
  'u_bearing',
  'u_size',
  'u_viewport',
  'u_ratio',
  'u_palette',
  'u_hidden',
];

const PALETTE = new Float32Array(
  STATUS_ORDER.flatMap((s) => {
    const hex = STATUS_COLOUR[s];
    return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  }),
);

/** Sprite edge in CSS pixels, by zoom: like the old icon's sizes. */
export function spriteSize(zoom: number): number {
  const stops: [number, number][] = [
    [8, 15],
    [12, 20],
    [16, 30],
  ];
  const [first] = stops;
  if (!first || zoom <= first[0]) return first?.[1] ?? 24;
  for (let i = 1; i < stops.length; i++) {
    const [z0, s0] = stops[i - 1] ?? first;
    const [z1, s1] = stops[i] ?? first;
    if (zoom <= z1) return s0 + ((s1 - s0) * (zoom - z0)) / (z1 - z0);
  }
  return stops[stops.length - 1]?.[1] ?? 36;
}

/**
 * The camera matrix moved to the buffer's origin, in float64 on the CPU,
 * so the shader only sees small offsets (see GlideBuffer on precision).
 */
function translated(m: ArrayLike<number>, [ox, oy]: [number, number]): Float32Array {
  const out = new Float32Array(16);
  for (let i = 0; i < 16; i++) out[i] = m[i] ?? 0;
  for (let r = 0; r < 4; r++) {
    out[12 + r] = (m[r] ?? 0) * ox + (m[4 + r] ?? 0) * oy + (m[12 + r] ?? 0);
  }
  return out;
}

const VERTEX = `#version 300 es
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec4 a_from_to;
layout(location = 2) in vec2 a_time;
layout(location = 3) in vec2 a_look;
uniform mat4 u_matrix;
uniform float u_now;
uniform float u_bearing;
uniform float u_size;
uniform float u_ratio;
uniform vec2 u_viewport;
uniform vec3 u_palette[5];
uniform int u_hidden;
out vec2 v_uv;
out vec3 v_colour;
flat out float v_arrow;

void main() {
  float t = a_time.y > 0.0 ? clamp((u_now - a_time.x) / a_time.y, 0.0, 1.0) : 1.0;
  vec2 pos = mix(a_from_to.xy, a_from_to.zw, t);
  vec4 clip = u_matrix * vec4(pos, 0.0, 1.0);
  float heading = a_look.x;
  v_arrow = heading >= 0.0 ? 1.0 : 0.0;
  float a = radians(max(heading, 0.0)) - u_bearing;
  // Clockwise by the heading on screen, where clip-space y points up.
  vec2 turned = vec2(
    a_corner.x * cos(a) + a_corner.y * sin(a),
    -a_corner.x * sin(a) + a_corner.y * cos(a));
  vec2 px = turned * 0.5 * u_size * u_ratio;
  clip.xy += px * 2.0 / u_viewport * clip.w;
  if (gl_InstanceID == u_hidden) clip = vec4(2.0, 2.0, 2.0, 1.0);
  gl_Position = clip;
  v_uv = a_corner;
  v_colour = u_palette[int(a_look.y)];
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec2 v_uv;
in vec3 v_colour;
flat in float v_arrow;
out vec4 colour;

// Signed distance to the line through a and b, negative on its left:
// inside a counter-clockwise triangle, all three are negative.
float side(vec2 p, vec2 a, vec2 b) {
  vec2 e = normalize(b - a);
  vec2 q = p - a;
  return e.y * q.x - e.x * q.y;
}

float triangle(vec2 p, vec2 a, vec2 b, vec2 c) {
  return max(max(side(p, a, b), side(p, b, c)), side(p, c, a));
}

void main() {
  vec2 tip = vec2(0.0, 0.78);
  vec2 right = vec2(0.58, -0.7);
  vec2 notch = vec2(0.0, -0.34);
  vec2 left = vec2(-0.58, -0.7);
  float d = v_arrow > 0.5
    ? min(triangle(v_uv, tip, notch, right), triangle(v_uv, tip, left, notch))
    : length(v_uv) - 0.42;
  float aa = fwidth(d);
  float halo = 0.16;
  float shape = 1.0 - smoothstep(-aa, aa, d - halo);
  float fill = 1.0 - smoothstep(-aa, aa, d);
  vec3 rgb = mix(vec3(1.0), v_colour, fill);
  colour = vec4(rgb * shape, shape);
}`;

function link(gl: WebGL2RenderingContext, vs: string, fs: string): WebGLProgram {
  const program = gl.createProgram();
  for (const [type, source] of [
    [gl.VERTEX_SHADER, vs],
    [gl.FRAGMENT_SHADER, fs],
  ] as const) {
    const shader = gl.createShader(type);
    if (!shader) throw new Error('WebGL could not create a shader');
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS))
      throw new Error(`Glide shader: ${gl.getShaderInfoLog(shader) ?? ''}`);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`Glide program: ${gl.getProgramInfoLog(program) ?? ''}`);
  return program;
}
