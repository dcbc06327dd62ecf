"""Adam with BigGAN's betas, one fused kernel call a step, for one network or
for the stacked weights of several (:mod:`skgan.nn._stacked`)."""

import torch


def adam_update(params, grads, exp_avgs, exp_avg_sqs, steps, lr):
    """One Adam step (betas (0.5, 0.999), eps 1e-8) on lists of tensors, in
    one fused call; ``steps`` (float32 0-d tensors, one per tensor) already
    count this step."""
    torch._fused_adam_(
        params,
        grads,
        exp_avgs,
        exp_avg_sqs,
        [],
        steps,
        lr=lr,
        beta1=0.5,
        beta2=0.999,
        weight_decay=0.0,
        eps=1e-8,
        amsgrad=False,
        maximize=False,
    )


class Adam:
    """Adam with BigGAN's betas (0.5, 0.999), one fused kernel call a step.

    The same kernel, with the same arguments, as ``torch.optim.Adam(params,
    lr, betas=(0.5, 0.999), fused=True)``, so the same updates bit for bit,
    without the optimizer's per-step bookkeeping (grouping tensors by device
    and dtype, hooks), which costs as much as the update itself for the
    small networks trained here.
    """

    def __init__(self, params, learning_rate):
        self.params = list(params)
        self.lr = float(learning_rate)
        self.exp_avgs = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sqs = [torch.zeros_like(p) for p in self.params]
        self.steps = [
            torch.zeros((), dtype=torch.float32, device=p.device) for p in self.params
        ]

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        torch._foreach_add_(self.steps, 1)
        adam_update(
            self.params,
            [p.grad for p in self.params],
            self.exp_avgs,
            self.exp_avg_sqs,
            self.steps,
            self.lr,
        )


class MemberAdam(Adam):
    """:class:`Adam` for stacked weights: one fused call for every GAN, each
    GAN's slice of a weight passed as a tensor of its own, as its own
    optimizer passes it (vectorized kernels treat the last elements of a
    tensor apart and may round them differently)."""

    def __init__(self, params, learning_rate):
        super().__init__(params, learning_rate)
        self._slice()

    def _slice(self):
        def members(tensors):
            return [member for t in tensors for member in t.detach().unbind(0)]

        self.param_slices = members(self.params)
        self.avg_slices = members(self.exp_avgs)
        self.sq_slices = members(self.exp_avg_sqs)
        self.step_slices = [s for s, p in zip(self.steps, self.params) for _ in p]

    def step(self):
        torch._foreach_add_(self.steps, 1)
        grads = [g for p in self.params for g in p.grad.unbind(0)]
        adam_update(
            self.param_slices,
            grads,
            self.avg_slices,
            self.sq_slices,
            self.step_slices,
            self.lr,
        )

    def select(self, params, keep):
        """The optimizer of the stacked ``params`` of the GANs ``keep``."""
        selected = MemberAdam(params, self.lr)
        index = torch.as_tensor(keep, device=selected.params[0].device)
        selected.exp_avgs = [s[index] for s in self.exp_avgs]
        selected.exp_avg_sqs = [s[index] for s in self.exp_avg_sqs]
        selected.steps = [s.clone() for s in self.steps]
        selected._slice()
        return selected
