"""Caffe message classes for the fixture scripts, built at run time with python3-protobuf from
caffe.proto's field numbers (BVLC/caffe src/caffe/proto/caffe.proto): the subset that a trained
.caffemodel's weights need, plus a few fields a real file carries (inputs, bottoms, tops) so that
readers are exercised on fields they must skip.

    net_class, v1_type = caffe_classes(packed=True)   # packed=False writes BlobProto.data unpacked
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

F = descriptor_pb2.FieldDescriptorProto
V1_CONVOLUTION, V1_DATA, V1_INNER_PRODUCT, V1_POOLING, V1_RELU = 4, 5, 14, 17, 18


def _field(message, name, number, kind, label=F.LABEL_OPTIONAL, type_name=None, packed=None):
    field = message.field.add(name=name, number=number, type=kind, label=label)
    if type_name:
        field.type_name = type_name
    if packed is not None:
        field.options.packed = packed


def caffe_classes(packed=True):
    """The NetParameter message class; BlobProto.data is packed or not as asked (Caffe declares it packed)."""
    proto = descriptor_pb2.FileDescriptorProto(name=f'caffe_subset_{int(packed)}.proto', package='caffe', syntax='proto2')
    rep = F.LABEL_REPEATED
    shape = proto.message_type.add(name='BlobShape')
    _field(shape, 'dim', 1, F.TYPE_INT64, rep, packed=True)
    blob = proto.message_type.add(name='BlobProto')
    _field(blob, 'shape', 7, F.TYPE_MESSAGE, type_name='.caffe.BlobShape')
    _field(blob, 'data', 5, F.TYPE_FLOAT, rep, packed=packed)
    _field(blob, 'double_data', 8, F.TYPE_DOUBLE, rep, packed=True)
    for number, name in enumerate(('num', 'channels', 'height', 'width'), start=1):
        _field(blob, name, number, F.TYPE_INT32)
    layer = proto.message_type.add(name='LayerParameter')
    _field(layer, 'name', 1, F.TYPE_STRING)
    _field(layer, 'type', 2, F.TYPE_STRING)
    _field(layer, 'bottom', 3, F.TYPE_STRING, rep)
    _field(layer, 'top', 4, F.TYPE_STRING, rep)
    _field(layer, 'blobs', 7, F.TYPE_MESSAGE, rep, type_name='.caffe.BlobProto')
    v1 = proto.message_type.add(name='V1LayerParameter')
    _field(v1, 'bottom', 2, F.TYPE_STRING, rep)
    _field(v1, 'top', 3, F.TYPE_STRING, rep)
    _field(v1, 'name', 4, F.TYPE_STRING)
    _field(v1, 'type', 5, F.TYPE_INT32)  # the LayerType enum, a varint on the wire
    _field(v1, 'blobs', 6, F.TYPE_MESSAGE, rep, type_name='.caffe.BlobProto')
    net = proto.message_type.add(name='NetParameter')
    _field(net, 'name', 1, F.TYPE_STRING)
    _field(net, 'input', 3, F.TYPE_STRING, rep)
    _field(net, 'input_dim', 4, F.TYPE_INT32, rep)
    _field(net, 'layers', 2, F.TYPE_MESSAGE, rep, type_name='.caffe.V1LayerParameter')
    _field(net, 'layer', 100, F.TYPE_MESSAGE, rep, type_name='.caffe.LayerParameter')
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    descriptor = pool.FindMessageTypeByName('caffe.NetParameter')
    if hasattr(message_factory, 'GetMessageClass'):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)
