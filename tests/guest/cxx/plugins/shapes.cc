#include "shapes.h"
#include <cstdio>

Shape::~Shape() = default;
double Circle::area() const { return 3.14159265358979 * radius * radius; }

namespace {
struct Registry {
    int made = 0;
    Registry() { std::puts("[shapes] static constructor"); }
    ~Registry() { std::puts("[shapes] static destructor"); }
} registry;

struct Frame {
    int index;
    ~Frame() { std::printf("  [shapes] leaving visit frame %d\n", index); }
};
}

std::unique_ptr<Shape> make_shape(int kind, double size)
{
    registry.made++;
    if (kind == 0) return std::make_unique<Circle>(size);
    if (kind == 1) return std::make_unique<Square>(size);
    throw ShapeError("no such shape", kind);
}

void visit_shapes(const std::function<void(int)> &f)
{
    for (int i = 0; i < 3; i++) {
        Frame frame{i};
        f(i);
    }
}

int shapes_constructed() { return registry.made; }
