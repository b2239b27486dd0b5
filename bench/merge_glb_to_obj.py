#!/usr/bin/env python3
"""Merges the atlas's glTF binaries into one OBJ, so that a single-file viewer (f3d 1.x) and
psoas-atlas render exactly the same triangles. Standard library only."""
import json, struct, sys, pathlib

def meshes(path):
    data = pathlib.Path(path).read_bytes()
    jlen = struct.unpack_from('<I', data, 12)[0]
    doc = json.loads(data[20:20 + jlen])
    binary = data[20 + jlen + 8:]
    def read(acc_index):
        acc = doc['accessors'][acc_index]
        view = doc['bufferViews'][acc['bufferView']]
        off = view.get('byteOffset', 0) + acc.get('byteOffset', 0)
        comps = {'SCALAR': 1, 'VEC3': 3}[acc['type']]
        fmt = {5126: 'f', 5125: 'I', 5123: 'H'}[acc['componentType']]
        n = acc['count'] * comps
        return struct.unpack_from('<%d%s' % (n, fmt), binary, off)
    for mesh in doc['meshes']:
        for prim in mesh['primitives']:
            yield read(prim['attributes']['POSITION']), read(prim['indices'])

def main(out, files):
    base = 1
    with open(out, 'w') as o:
        for f in files:
            o.write('o %s\n' % pathlib.Path(f).stem)
            for pos, idx in meshes(f):
                for i in range(0, len(pos), 3):
                    o.write('v %.6f %.6f %.6f\n' % pos[i:i + 3])
                for i in range(0, len(idx), 3):
                    o.write('f %d %d %d\n' % (idx[i] + base, idx[i + 1] + base, idx[i + 2] + base))
                base += len(pos) // 3

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
