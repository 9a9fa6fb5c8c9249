package dev.zerobus.test.delta;

import io.delta.kernel.utils.CloseableIterator;
import java.util.NoSuchElementException;

/** A closeable iterator over one element, the form Delta Kernel takes data in. */
final class Iterators {

    private Iterators() {}

    static <T> CloseableIterator<T> of(T element) {
        return new CloseableIterator<>() {
            private boolean taken;

            @Override
            public boolean hasNext() {
                return !taken;
            }

            @Override
            public T next() {
                if (taken) {
                    throw new NoSuchElementException();
                }
                taken = true;
                return element;
            }

            @Override
            public void close() {}
        };
    }
}
