package no.dpe.tracker.app.message;

import no.dpe.tracker.app.Blocking;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.multipart.DefaultPartHttpMessageReader;

/**
 * A multipart request's parts larger than Spring's in-memory limit go to temporary files while the request is read;
 * Spring writes them on Reactor's shared pool by default, this has it write them on the request threads
 * ({@link Blocking} says why).
 */
@Configuration(proxyBeanMethods = false)
class MultipartFiles {

    @Bean
    CodecCustomizer multipartFilesOnRequestThreads(Blocking blocking) {
        return codecs -> codecs.defaultCodecs().configureDefaultCodec(codec -> {
            if (codec instanceof DefaultPartHttpMessageReader parts) {
                parts.setBlockingOperationScheduler(blocking.scheduler());
            }
        });
    }
}
