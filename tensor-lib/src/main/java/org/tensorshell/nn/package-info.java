/**
 * Neural-network layers, containers and losses ({@code torch.nn}), with PyTorch 1.13's semantics, default
 * initialisation, parameter names and printed form.
 *
 * <p>A model is a {@link org.tensorshell.nn.Module} subclass whose fields are its parts: {@code Parameter}
 * fields are parameters, {@code Module} fields (and lists or string-keyed maps of modules) are submodules,
 * found by reflection in declaration order, superclass fields first. Buffers (running statistics, loss
 * weights) are registered with {@code registerBuffer(name, tensor)} and read back with {@code buffer(name)};
 * a plain {@code Tensor} field is not state, as a plain tensor attribute is not in PyTorch. Built-in layers
 * whose PyTorch names contain underscores ({@code in_proj_weight}, {@code self_attn}, {@code weight_ih_l0})
 * register them by name, so state dicts carry PyTorch's keys.
 *
 * <p>Note: {@code import org.tensorshell.nn.*} together with the implicit {@code java.lang.*} makes the simple
 * name {@code Module} ambiguous ({@code java.lang.Module}); add {@code import org.tensorshell.nn.Module;}.
 */
package org.tensorshell.nn;
