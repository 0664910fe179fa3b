pub mod openssh;
