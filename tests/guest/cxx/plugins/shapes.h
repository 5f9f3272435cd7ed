// shapes: a C++ shared library the tests link - classes with virtual functions whose type information and vtables
// live in the library, an exception type it throws, and a function that calls back into the program.
#pragma once
#include <functional>
#include <memory>
#include <stdexcept>

struct Shape {
    virtual ~Shape();
    virtual double area() const = 0;
    virtual const char *name() const = 0;
};

struct Circle : Shape {
    double radius;
    explicit Circle(double r) : radius(r) {}
    double area() const override;
    const char *name() const override { return "circle"; }
};

struct Square : Shape {
    double side;
    explicit Square(double s) : side(s) {}
    double area() const override { return side * side; }
    const char *name() const override { return "square"; }
};

struct ShapeError : std::invalid_argument {
    int kind;
    ShapeError(const char *what, int k) : std::invalid_argument(what), kind(k) {}
};

// kind 0 a circle, 1 a square; anything else throws ShapeError.
std::unique_ptr<Shape> make_shape(int kind, double size);
// Calls f(0), f(1), f(2), keeping an object with a destructor on its own frame.
void visit_shapes(const std::function<void(int)> &f);
// The library's static objects, made and destroyed as the program's are.
int shapes_constructed();
